package io.ferry.common.metrics;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the RPCs a gRPC server answers, per method: requests, errors by
 * status code and latency (from the call's start to its end, streams
 * included; a call the client cancels ends as CANCELLED). Labels are the
 * method name and the code, both bounded sets. A call still running after
 * the slow request threshold is logged and counted ({@link InFlightRequests}).
 */
final class CountedRpcs implements RpcMetrics, ServerInterceptor {
  private static final OperationMetrics.Names NAMES = new OperationMetrics.Names("ferry_rpc_requests_total",
      "ferry_rpc_errors_total", "ferry_rpc_duration_seconds", List.of("method"), "code", "RPC");

  private final TrackedOperations calls;

  CountedRpcs(PrometheusRegistry registry, Duration slowThreshold) {
    calls = new TrackedOperations(registry, NAMES, "ferry_rpc", slowThreshold);
  }

  @Override
  public void instrument(ServerBuilder<?> server) {
    server.intercept(this);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Ending ending = new Ending(call.getMethodDescriptor().getBareMethodName(),
        String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)));
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

  @Override
  public void close() {
    calls.close();
  }

  /** One call, counted once when it closes or is cancelled, whichever comes first. */
  private final class Ending {
    private final String method;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean counted = new AtomicBoolean();
    private final InFlightRequests.Request request;

    Ending(String method, String client) {
      this.method = method;
      this.request = calls.start(method, "from " + client, () -> "this server's answer");
    }

    void ended(Status.Code code) {
      if (!counted.compareAndSet(false, true)) {
        return;
      }
      request.close();
      calls.observe(code == Status.Code.OK ? null : code.name(), System.nanoTime() - startNanos, method);
    }
  }
}
