package io.ferry.worker.eviction;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A size-bounded map from block id to value whose eviction policy decides
 * what leaves when it is over capacity. Each change of one key is atomic and
 * evictions happen before the change returns, so the weighted size stays
 * within capacity. Evicted entries are handed to the index's listener while
 * the key is still locked.
 */
public interface WeightedIndex<V> {
  /** Called with each entry the policy evicts. */
  @FunctionalInterface
  interface EvictionListener<V> {
    void evicted(long key, V value);
  }

  /** The value of {@code key}, or null; a hit counts as an access for the policy. */
  V get(long key);

  /** Atomically replaces the value of {@code key} by {@code remap(old)} (null: none); returns the new value. */
  V compute(long key, UnaryOperator<V> remap);

  /** A snapshot of the keys. */
  List<Long> keys();

  /** Changes the capacity; entries over the new one are evicted before it returns. */
  void setCapacity(long capacity);

  /** The summed weight of the entries. */
  long weightedSize();
}
