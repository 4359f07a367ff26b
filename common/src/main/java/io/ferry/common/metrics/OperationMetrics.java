package io.ferry.common.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The three series every kind of operation a process answers gets (RPCs,
 * FUSE operations): a count, the errors by code and a latency histogram,
 * each per operation. Labels are operation names and error codes, both
 * bounded sets.
 */
public final class OperationMetrics {
  /**
   * The names of one kind's series and labels, e.g. ferry_rpc_requests_total,
   * ferry_rpc_errors_total, ferry_rpc_duration_seconds, "method", "code",
   * and what one operation is called in the help texts ("RPC").
   */
  public record Names(String count, String errors, String duration, String operationLabel, String codeLabel,
      String what) {}

  private final Counter count;
  private final Counter errors;
  private final Histogram duration;

  public OperationMetrics(PrometheusRegistry registry, Names names) {
    count = Counter.builder().name(names.count()).help(names.what() + "s answered, per " + names.operationLabel())
        .labelNames(names.operationLabel()).register(registry);
    errors = Counter.builder().name(names.errors())
        .help(names.what() + "s answered with an error, per " + names.operationLabel() + " and " + names.codeLabel())
        .labelNames(names.operationLabel(), names.codeLabel()).register(registry);
    duration = Histogram.builder().name(names.duration()).unit(Unit.SECONDS)
        .help("Time to answer a " + names.what() + ", per " + names.operationLabel())
        .labelNames(names.operationLabel()).register(registry);
  }

  /** {@code operation} ended after {@code nanos}; {@code errorCode} is null when it succeeded. */
  public void observe(String operation, String errorCode, long nanos) {
    count.labelValues(operation).inc();
    duration.labelValues(operation).observe(nanos / 1e9);
    if (errorCode != null) {
      errors.labelValues(operation, errorCode).inc();
    }
  }
}
