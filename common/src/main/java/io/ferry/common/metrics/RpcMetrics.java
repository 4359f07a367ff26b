package io.ferry.common.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Counts the RPCs a gRPC server answers, per method: requests, errors by
 * status code and latency (from the call's start to its close, streams
 * included). Labels are the method name and the code, both bounded sets.
 */
public final class RpcMetrics implements ServerInterceptor {
  private final Counter requests;
  private final Counter errors;
  private final Histogram duration;

  public RpcMetrics(PrometheusRegistry registry) {
    requests = Counter.builder().name("ferry_rpc_requests_total")
        .help("RPCs answered, per method").labelNames("method").register(registry);
    errors = Counter.builder().name("ferry_rpc_errors_total")
        .help("RPCs that ended with an error, per method and gRPC status code").labelNames("method", "code")
        .register(registry);
    duration = Histogram.builder().name("ferry_rpc_duration_seconds").unit(Unit.SECONDS)
        .help("Time from an RPC's start to its end, per method").labelNames("method").register(registry);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    CounterDataPoint calls = requests.labelValues(method);
    DistributionDataPoint latency = duration.labelValues(method);
    long start = System.nanoTime();
    return next.startCall(new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        calls.inc();
        latency.observe((System.nanoTime() - start) / 1e9);
        if (!status.isOk()) {
          errors.labelValues(method, status.getCode().name()).inc();
        }
        super.close(status, trailers);
      }
    }, headers);
  }
}
