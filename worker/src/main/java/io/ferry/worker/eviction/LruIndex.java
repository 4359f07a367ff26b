package io.ferry.worker.eviction;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/** Least recently used, size-weighted: the classic baseline, one lock for the whole index. */
final class LruIndex<V> implements WeightedIndex<V> {
  private long capacity;
  private final ToLongFunction<V> weigher;
  private final EvictionListener<V> listener;
  private final LinkedHashMap<Long, V> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long used;

  LruIndex(long capacity, ToLongFunction<V> weigher, EvictionListener<V> listener) {
    this.capacity = capacity;
    this.weigher = weigher;
    this.listener = listener;
  }

  @Override
  public synchronized V get(long key) {
    return entries.get(key);
  }

  @Override
  public synchronized V compute(long key, UnaryOperator<V> remap) {
    V old = entries.get(key);
    V value = remap.apply(old);
    used -= old == null ? 0 : weigher.applyAsLong(old);
    if (value == null) {
      entries.remove(key);
    } else {
      entries.put(key, value);
      used += weigher.applyAsLong(value);
    }
    evictOverCapacity();
    return entries.get(key);
  }

  private void evictOverCapacity() {
    Iterator<Map.Entry<Long, V>> eldest = entries.entrySet().iterator();
    while (used > capacity) {
      Map.Entry<Long, V> e = eldest.next();
      used -= weigher.applyAsLong(e.getValue());
      eldest.remove();
      listener.evicted(e.getKey(), e.getValue());
    }
  }

  @Override
  public synchronized List<Long> keys() {
    return List.copyOf(entries.keySet());
  }

  @Override
  public synchronized void setCapacity(long capacity) {
    this.capacity = capacity;
    evictOverCapacity();
  }

  @Override
  public synchronized long weightedSize() {
    return used;
  }
}
