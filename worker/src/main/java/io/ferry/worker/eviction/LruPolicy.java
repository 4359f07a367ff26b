package io.ferry.worker.eviction;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Least recently used, size-weighted: the classic baseline. */
public final class LruPolicy implements CachePolicy {
  private final long capacity;
  private final LinkedHashMap<Long, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long used;

  public LruPolicy(long capacity) {
    this.capacity = capacity;
  }

  @Override
  public boolean access(long key, long weight) {
    if (entries.get(key) != null) {
      return true;
    }
    if (weight > capacity) {
      return false;
    }
    Iterator<Map.Entry<Long, Long>> eldest = entries.entrySet().iterator();
    while (used + weight > capacity) {
      used -= eldest.next().getValue();
      eldest.remove();
    }
    entries.put(key, weight);
    used += weight;
    return false;
  }

  @Override
  public String name() {
    return "LRU";
  }
}
