package io.ferry.fuse;

import io.ferry.client.ReadCounters;
import io.ferry.client.ReadSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;

/**
 * A FUSE mount's metrics: operations, errors by errno and latency per
 * operation type (getattr, read, ...), and the bytes its client read by
 * source. Labels are operation names and errno numbers, both bounded.
 */
public final class FuseMetrics {
  private final Counter operations;
  private final Counter errors;
  private final Histogram duration;

  public FuseMetrics(PrometheusRegistry registry) {
    operations = Counter.builder().name("ferry_fuse_operations_total")
        .help("FUSE operations answered, per operation type").labelNames("operation").register(registry);
    errors = Counter.builder().name("ferry_fuse_errors_total")
        .help("FUSE operations answered with an error, per operation type and errno").labelNames("operation", "errno")
        .register(registry);
    duration = Histogram.builder().name("ferry_fuse_operation_duration_seconds").unit(Unit.SECONDS)
        .help("Time to answer a FUSE operation, per operation type").labelNames("operation").register(registry);
  }

  /** Exports the bytes {@code counters} counted, per source, as ferry_client_read_bytes_total. */
  public static void registerReads(PrometheusRegistry registry, ReadCounters counters) {
    CounterWithCallback.builder().name("ferry_client_read_bytes_total").unit(Unit.BYTES)
        .help("Bytes this process's client read, by source (short_circuit: a local worker's block file; "
            + "worker_stream: a worker's ReadBlock stream)").labelNames("source")
        .callback(c -> {
          for (ReadSource source : ReadSource.values()) {
            c.call(counters.bytes(source), source.name().toLowerCase(Locale.ROOT));
          }
        }).register(registry);
  }

  /** An operation answered {@code result} (a negative errno on failure) after {@code nanos}. */
  void observe(String operation, int result, long nanos) {
    operations.labelValues(operation).inc();
    duration.labelValues(operation).observe(nanos / 1e9);
    if (result < 0) {
      errors.labelValues(operation, String.valueOf(-result)).inc();
    }
  }
}
