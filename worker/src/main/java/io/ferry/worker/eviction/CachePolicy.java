package io.ferry.worker.eviction;

/**
 * A size-weighted cache as its eviction policy sees it: which keys it holds
 * after each access. The simulator replays traces through each policy.
 */
public interface CachePolicy {
  /**
   * Records an access of {@code key} of {@code weight} bytes; true on a hit.
   * On a miss the key is offered to the cache, which may admit it (evicting
   * others) or, for admission-controlled policies, reject it.
   */
  boolean access(long key, long weight);

  /** The policy's name as the simulator prints it. */
  String name();
}
