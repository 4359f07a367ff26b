package io.ferry.worker.eviction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/** Caffeine's size-weighted W-TinyLFU (scan resistant): the default. */
final class TinyLfuIndex<V> implements WeightedIndex<V> {
  private final Cache<Long, V> cache;

  TinyLfuIndex(long capacity, ToLongFunction<V> weigher, EvictionListener<V> listener) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(capacity)
        .weigher((Long key, V value) -> (int) Math.min(Integer.MAX_VALUE, weigher.applyAsLong(value)))
        .executor(Runnable::run) // evict synchronously: the weighted size stays within capacity
        .evictionListener((Long key, V value, RemovalCause cause) -> listener.evicted(key, value))
        .build();
  }

  @Override
  public V get(long key) {
    return cache.getIfPresent(key);
  }

  @Override
  public V compute(long key, UnaryOperator<V> remap) {
    return cache.asMap().compute(key, (k, old) -> remap.apply(old));
  }

  @Override
  public List<Long> keys() {
    return List.copyOf(cache.asMap().keySet());
  }

  @Override
  public void setCapacity(long capacity) {
    cache.policy().eviction().orElseThrow().setMaximum(capacity);
  }

  @Override
  public long weightedSize() {
    return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }
}
