package io.ferry.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes a client read, by where they came from; counted by every stream of
 * the client, or by none when its metrics are off (ferry.metrics.enabled).
 */
public abstract class ReadCounters {
  private ReadCounters() {
  }

  /** Counters that count. */
  static ReadCounters counting() {
    return new Counting();
  }

  /** Counters that stay at zero. */
  static ReadCounters off() {
    return Off.INSTANCE;
  }

  abstract void add(ReadSource source, long n);

  /** Bytes read from {@code source} since the client was created (0 when its metrics are off). */
  public abstract long bytes(ReadSource source);

  private static final class Counting extends ReadCounters {
    private final Map<ReadSource, LongAdder> bytes = new EnumMap<>(ReadSource.class);

    Counting() {
      for (ReadSource source : ReadSource.values()) {
        bytes.put(source, new LongAdder());
      }
    }

    @Override
    void add(ReadSource source, long n) {
      bytes.get(source).add(n);
    }

    @Override
    public long bytes(ReadSource source) {
      return bytes.get(source).sum();
    }
  }

  private static final class Off extends ReadCounters {
    static final Off INSTANCE = new Off();

    @Override
    void add(ReadSource source, long n) {
    }

    @Override
    public long bytes(ReadSource source) {
      return 0;
    }
  }
}
