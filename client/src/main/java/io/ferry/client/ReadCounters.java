package io.ferry.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Bytes a client read, by where they came from; counted by every stream of the client. */
public final class ReadCounters {
  private final Map<ReadSource, LongAdder> bytes = new EnumMap<>(ReadSource.class);

  ReadCounters() {
    for (ReadSource source : ReadSource.values()) {
      bytes.put(source, new LongAdder());
    }
  }

  void add(ReadSource source, long n) {
    bytes.get(source).add(n);
  }

  /** Bytes read from {@code source} since the client was created. */
  public long bytes(ReadSource source) {
    return bytes.get(source).sum();
  }
}
