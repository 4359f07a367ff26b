package io.ferry.common.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Operations a process answers, each tracked while it runs ({@link
 * InFlightRequests}: the stuck-request log) and counted and timed when it ends
 * ({@link OperationMetrics}), per operation name: what RPCs and FUSE
 * operations both get.
 */
public final class TrackedOperations implements AutoCloseable {
  private final OperationMetrics operations;
  private final InFlightRequests inFlight;

  /**
   * The series {@code names} names, the in-flight ones under {@code prefix}
   * ("ferry_rpc"); an operation still running after {@code slowThreshold} is logged.
   */
  public TrackedOperations(PrometheusRegistry registry, OperationMetrics.Names names, String prefix,
      Duration slowThreshold) {
    operations = new OperationMetrics(registry, names);
    inFlight = new InFlightRequests(registry, prefix, names.what(), slowThreshold);
  }

  /** {@code operation} on {@code path} starts; close what this returns when it ends. */
  public InFlightRequests.Request start(String operation, String path, Supplier<String> waitingFor) {
    return inFlight.start(operation, path, waitingFor);
  }

  /** {@code operation} ended after {@code nanos}; {@code errorCode} is null when it succeeded. */
  public void observe(String errorCode, long nanos, String operation) {
    operations.observe(errorCode, nanos, operation);
  }

  @Override
  public void close() {
    inFlight.close();
  }
}
