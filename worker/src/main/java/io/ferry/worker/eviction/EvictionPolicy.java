package io.ferry.worker.eviction;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.PropertyKey;
import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * The eviction policies a worker tier can use (ferry.worker.eviction.policy);
 * the simulator replays traces through the same indexes.
 */
public enum EvictionPolicy {
  W_TINYLFU("W-TinyLFU") {
    @Override
    public <V> WeightedIndex<V> newIndex(long capacity, ToLongFunction<V> weigher,
        WeightedIndex.EvictionListener<V> listener) {
      return new TinyLfuIndex<>(capacity, weigher, listener);
    }
  },
  LRU("LRU") {
    @Override
    public <V> WeightedIndex<V> newIndex(long capacity, ToLongFunction<V> weigher,
        WeightedIndex.EvictionListener<V> listener) {
      return new LruIndex<>(capacity, weigher, listener);
    }
  };

  private final String displayName;

  EvictionPolicy(String displayName) {
    this.displayName = displayName;
  }

  public abstract <V> WeightedIndex<V> newIndex(long capacity, ToLongFunction<V> weigher,
      WeightedIndex.EvictionListener<V> listener);

  /** The name in configuration and in the simulator's table. */
  public String displayName() {
    return displayName;
  }

  /** The policy named {@code name} (case-insensitive); fails naming the key and the choices. */
  public static EvictionPolicy parse(String name) {
    return Arrays.stream(values()).filter(p -> p.displayName.equalsIgnoreCase(name.trim())).findFirst()
        .orElseThrow(() -> new ConfigurationException("Configuration key '" + PropertyKey.WORKER_EVICTION_POLICY
            + "' is '" + name + "'; expected W-TinyLFU or LRU"));
  }
}
