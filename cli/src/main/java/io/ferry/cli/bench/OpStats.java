package io.ferry.cli.bench;

import java.util.Arrays;
import java.util.List;

/** One operation's run: how many calls, in how long, and each call's latency (sorted). */
public record OpStats(String name, long wallNanos, long[] sortedNanos) {
  static OpStats of(String name, long wallNanos, List<long[]> perThread) {
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new OpStats(name, wallNanos, all);
  }

  public long count() {
    return sortedNanos.length;
  }

  public double opsPerSec() {
    return wallNanos == 0 ? 0 : sortedNanos.length / (wallNanos / 1e9);
  }

  /** Latency at percentile p (nearest rank), in milliseconds. */
  public double percentileMs(double p) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
  }

  JsonObject toJson() {
    return new JsonObject().put("ops_per_s", opsPerSec()).put("p50_ms", percentileMs(50))
        .put("p99_ms", percentileMs(99)).put("ops", count());
  }
}
