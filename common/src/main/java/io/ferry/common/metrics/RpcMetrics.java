package io.ferry.common.metrics;

import io.grpc.ServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The instruments of a gRPC server's calls: {@link #counting} them (requests,
 * errors by status code, latency, per method; calls slower than a threshold
 * logged while they run) or {@link #off} (no interceptor at all).
 */
public interface RpcMetrics extends AutoCloseable {
  /** Counts the calls in {@code registry}, logging those still running after {@code slowThreshold}. */
  static RpcMetrics counting(PrometheusRegistry registry, Duration slowThreshold) {
    return new CountedRpcs(registry, slowThreshold);
  }

  /** Counts nothing: the server's calls go straight to its services. */
  static RpcMetrics off() {
    return server -> { };
  }

  /** Puts the instruments in front of every service of {@code server}. */
  void instrument(ServerBuilder<?> server);

  @Override
  default void close() {
  }
}
