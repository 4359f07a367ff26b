package io.ferry.fuse;

import io.ferry.client.ReadCounters;
import io.ferry.client.ReadSource;
import io.ferry.common.metrics.InFlightRequests;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The instruments of a FUSE mount's operations: {@link #counting} them
 * (operations, errors by errno and latency per operation type, the operations
 * in flight and the stuck-request log) or {@link #off} (none at all).
 */
public interface FuseMetrics extends AutoCloseable {
  /** Counts in {@code registry}, logging operations slower than {@code slowThreshold}. */
  static FuseMetrics counting(PrometheusRegistry registry, Duration slowThreshold) {
    return new CountedFuseOperations(registry, slowThreshold);
  }

  /** No instruments at all (ferry.metrics.enabled=false, and what `ferry bench fuse --metrics-cost` compares with). */
  static FuseMetrics off() {
    return Off.INSTANCE;
  }

  /** Exports the bytes {@code counters} counted, per source, as ferry_client_read_bytes_total. */
  static void registerReads(PrometheusRegistry registry, ReadCounters counters) {
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
  InFlightRequests.Request started(String operation, String path, Supplier<String> waitingFor);

  /** An operation answered {@code result} (a negative errno on failure) after {@code nanos}. */
  void observe(String operation, int result, long nanos);

  @Override
  default void close() {
  }

  /** Tracks and counts nothing. */
  enum Off implements FuseMetrics {
    INSTANCE;

    @Override
    public InFlightRequests.Request started(String operation, String path, Supplier<String> waitingFor) {
      return InFlightRequests.Request.UNTRACKED;
    }

    @Override
    public void observe(String operation, int result, long nanos) {
    }
  }
}
