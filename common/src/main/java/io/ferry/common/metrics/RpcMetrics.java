package io.ferry.common.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the RPCs a gRPC server answers, per method: requests, errors by
 * status code and latency (from the call's start to its end, streams
 * included; a call the client cancels ends as CANCELLED). Labels are the
 * method name and the code, both bounded sets.
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
    Ending ending = new Ending(call.getMethodDescriptor().getBareMethodName());
    ServerCall.Listener<Q> listener = next.startCall(new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        ending.ended(status.getCode());
        super.close(status, trailers);
      }
    }, headers);
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        ending.ended(Status.Code.CANCELLED);
        super.onCancel();
      }
    };
  }

  /** One call, counted once when it closes or is cancelled, whichever comes first. */
  private final class Ending {
    private final String method;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean counted = new AtomicBoolean();

    Ending(String method) {
      this.method = method;
    }

    void ended(Status.Code code) {
      if (!counted.compareAndSet(false, true)) {
        return;
      }
      requests.labelValues(method).inc();
      duration.labelValues(method).observe((System.nanoTime() - startNanos) / 1e9);
      if (code != Status.Code.OK) {
        errors.labelValues(method, code.name()).inc();
      }
    }
  }
}
