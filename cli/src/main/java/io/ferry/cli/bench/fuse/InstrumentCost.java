package io.ferry.cli.bench.fuse;

import io.ferry.common.metrics.InFlightRequests;
import io.ferry.fuse.FuseMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * What the mount's instruments add to one FUSE operation, measured alone:
 * track it in flight, then count and time it, as FerryFuseFileSystem.run
 * does. On a loaded machine this bounds the cost better than two mounts
 * side by side, whose difference drowns in the noise.
 */
final class InstrumentCost {
  private static final int OPERATIONS = 2_000_000;

  private InstrumentCost() {}

  /** Nanoseconds per operation, from the second of two passes (the first lets the JIT compile the path). */
  static double nanosPerOperation() {
    try (FuseMetrics metrics = FuseMetrics.counting(new PrometheusRegistry(), Duration.ofMinutes(1))) {
      pass(metrics);
      return pass(metrics);
    }
  }

  private static double pass(FuseMetrics metrics) {
    long start = System.nanoTime();
    for (int i = 0; i < OPERATIONS; i++) {
      long opStart = System.nanoTime();
      try (InFlightRequests.Request request = metrics.started("read", "/data/train.bin", () -> "worker")) {
        metrics.observe("read", 131_072, System.nanoTime() - opStart);
      }
    }
    return (System.nanoTime() - start) / (double) OPERATIONS;
  }
}
