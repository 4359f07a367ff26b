package io.ferry.worker.eviction;

/**
 * A size-weighted cache of keys only, as its eviction policy sees it: which
 * keys it holds after each access. The simulator replays traces through it,
 * on the same index a worker tier uses.
 */
public final class CachePolicy {
  private final EvictionPolicy policy;
  private final WeightedIndex<Long> index;

  public CachePolicy(EvictionPolicy policy, long capacity) {
    this.policy = policy;
    this.index = policy.newIndex(capacity, weight -> weight, (key, weight) -> { });
  }

  /**
   * Records an access of {@code key} of {@code weight} bytes; true on a hit.
   * On a miss the key is offered to the cache, which may admit it (evicting
   * others) or, for admission-controlled policies, reject it.
   */
  public boolean access(long key, long weight) {
    if (index.get(key) != null) {
      return true;
    }
    index.compute(key, old -> weight);
    return false;
  }

  /** The policy's name as the simulator prints it. */
  public String name() {
    return policy.displayName();
  }
}
