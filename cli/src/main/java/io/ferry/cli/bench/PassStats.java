package io.ferry.cli.bench;

import java.util.Arrays;

/** What one pass over the files measured: throughput and per-file latency. */
public record PassStats(String name, long files, long bytes, long nanos, long[] fileNanos) {
  public PassStats {
    fileNanos = fileNanos.clone();
    Arrays.sort(fileNanos);
  }

  /** Decimal megabytes (10^6 bytes) per second. */
  public double mbPerSec() {
    return nanos == 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
  }

  public double filesPerSec() {
    return nanos == 0 ? 0 : files / (nanos / 1e9);
  }

  /** The latency of reading one file at percentile p (nearest rank), in milliseconds. */
  public double percentileMs(double p) {
    if (fileNanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * fileNanos.length);
    return fileNanos[Math.max(0, Math.min(fileNanos.length - 1, rank - 1))] / 1e6;
  }
}
