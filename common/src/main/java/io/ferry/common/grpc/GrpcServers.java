package io.ferry.common.grpc;

import io.ferry.common.metrics.RpcMetrics;
import io.ferry.common.security.RpcLimits;
import io.ferry.common.security.TransportSecurity;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts the gRPC servers of the master and the workers. */
public final class GrpcServers {
  private GrpcServers() {}

  /**
   * Binds and starts a plaintext server whose calls run on gRPC's default
   * executor; a port in use fails with a message naming the address.
   */
  public static Server start(String bindHost, int port, BindableService... services) throws IOException {
    return start(builder(bindHost, port, TransportSecurity.plaintext()), bindHost, port, services);
  }

  /**
   * Binds and starts a server whose calls run on {@code executor}, except the
   * {@code inline} methods: their handlers never block, so they run on the
   * transport thread that read the request, with no thread hand-off at all.
   * {@code rpcMetrics} instrument every call (or none). Connections use
   * {@code security}'s TLS, or plaintext when it is off.
   */
  public static Server start(String bindHost, int port, TransportSecurity security, Executor executor,
      Set<MethodDescriptor<?, ?>> inline, RpcMetrics rpcMetrics, BindableService... services)
      throws IOException {
    Objects.requireNonNull(executor, "executor"); // without it, every method would run on the transport thread
    Set<String> names = inline.stream().map(MethodDescriptor::getFullMethodName).collect(Collectors.toSet());
    // the transport thread finds the method; only the others then move to the executor
    NettyServerBuilder b = builder(bindHost, port, security).directExecutor();
    rpcMetrics.instrument(b);
    b.callExecutor(new ServerCallExecutorSupplier() {
      @Override
      public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
        return names.contains(call.getMethodDescriptor().getFullMethodName()) ? null : executor;
      }
    });
    return start(b, bindHost, port, services);
  }

  private static NettyServerBuilder builder(String bindHost, int port, TransportSecurity security) {
    RpcLimits limits = security.limits();
    return NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port), security.serverCredentials())
        .maxInboundMessageSize(limits.maxMessageBytes())
        .maxInboundMetadataSize(limits.maxHeaderListBytes())
        .maxConcurrentCallsPerConnection(limits.maxConcurrentCalls())
        .flowControlWindow(GrpcChannels.FLOW_CONTROL_WINDOW_BYTES)
        .permitKeepAliveWithoutCalls(true)
        .permitKeepAliveTime(10, TimeUnit.SECONDS);
  }

  private static Server start(NettyServerBuilder b, String bindHost, int port, BindableService... services)
      throws IOException {
    for (BindableService s : services) {
      b.addService(MalformedRequests.refused(s.bindService()));
    }
    try {
      return b.build().start();
    } catch (IOException e) {
      throw new IOException("Cannot listen on " + bindHost + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** Stops a server: in-flight calls get 5 s to finish, then are cancelled. */
  public static void stop(Server server) {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
