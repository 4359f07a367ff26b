package io.ferry.fuse;

import io.ferry.common.metrics.InFlightRequests;
import io.ferry.common.metrics.OperationMetrics;
import io.ferry.common.metrics.TrackedOperations;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A FUSE mount's operations counted: operations, errors by errno and latency
 * per operation type (getattr, read, ...), and the operations in flight
 * (logged when slower than the threshold). Labels are operation names and
 * errno numbers, both bounded.
 */
final class CountedFuseOperations implements FuseMetrics {
  private static final OperationMetrics.Names NAMES = new OperationMetrics.Names("ferry_fuse_operations_total",
      "ferry_fuse_errors_total", "ferry_fuse_operation_duration_seconds", List.of("operation"), "errno",
      "FUSE operation");

  private final TrackedOperations operations;

  CountedFuseOperations(PrometheusRegistry registry, Duration slowThreshold) {
    operations = new TrackedOperations(registry, NAMES, "ferry_fuse", slowThreshold);
  }

  @Override
  public InFlightRequests.Request started(String operation, String path, Supplier<String> waitingFor) {
    return operations.start(operation, path, waitingFor);
  }

  @Override
  public void observe(String operation, int result, long nanos) {
    operations.observe(result < 0 ? String.valueOf(-result) : null, nanos, operation);
  }

  @Override
  public void close() {
    operations.close();
  }
}
