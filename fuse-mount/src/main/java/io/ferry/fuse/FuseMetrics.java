package io.ferry.fuse;

import io.ferry.client.ReadCounters;
import io.ferry.client.ReadSource;
import io.ferry.common.metrics.InFlightRequests;
import io.ferry.common.metrics.OperationMetrics;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A FUSE mount's metrics: operations, errors by errno and latency per
 * operation type (getattr, read, ...), the operations in flight (logged when
 * slower than the threshold) and the bytes its client read by source. Labels
 * are operation names and errno numbers, both bounded.
 */
public final class FuseMetrics implements AutoCloseable {
  private static final OperationMetrics.Names NAMES = new OperationMetrics.Names("ferry_fuse_operations_total",
      "ferry_fuse_errors_total", "ferry_fuse_operation_duration_seconds", List.of("operation"), "errno",
      "FUSE operation");

  private final OperationMetrics operations;
  private final InFlightRequests inFlight;

  /** Instruments in {@code registry}, logging operations slower than {@code slowThreshold}. */
  public FuseMetrics(PrometheusRegistry registry, Duration slowThreshold) {
    this(new OperationMetrics(registry, NAMES),
        new InFlightRequests(registry, "ferry_fuse", "FUSE operation", slowThreshold));
  }

  private FuseMetrics(OperationMetrics operations, InFlightRequests inFlight) {
    this.operations = operations;
    this.inFlight = inFlight;
  }

  /** No instruments at all: what `ferry bench fuse` measures the instruments' cost against. */
  public static FuseMetrics off() {
    return new FuseMetrics((OperationMetrics) null, null);
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

  /** An operation on {@code path} starts; close what this returns when it is answered. */
  public InFlightRequests.Request started(String operation, String path, Supplier<String> waitingFor) {
    return inFlight == null ? InFlightRequests.Request.UNTRACKED : inFlight.start(operation, path, waitingFor);
  }

  /** An operation answered {@code result} (a negative errno on failure) after {@code nanos}. */
  public void observe(String operation, int result, long nanos) {
    if (operations != null) {
      operations.observe(result < 0 ? String.valueOf(-result) : null, nanos, operation);
    }
  }

  @Override
  public void close() {
    if (inFlight != null) {
      inFlight.close();
    }
  }
}
