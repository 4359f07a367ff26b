package io.ferry.worker.eviction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/** Caffeine's size-weighted W-TinyLFU: the worker's default (scan resistant). */
public final class TinyLfuPolicy implements CachePolicy {
  private final Cache<Long, Long> cache;

  public TinyLfuPolicy(long capacity) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(capacity)
        .weigher((Long key, Long weight) -> (int) Math.min(Integer.MAX_VALUE, weight))
        .executor(Runnable::run)
        .build();
  }

  @Override
  public boolean access(long key, long weight) {
    if (cache.getIfPresent(key) != null) {
      return true;
    }
    cache.put(key, weight);
    return false;
  }

  @Override
  public String name() {
    return "W-TinyLFU";
  }
}
