package io.ferry.common.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Starts the gRPC servers of the master and the workers. */
public final class GrpcServers {
  private GrpcServers() {}

  /**
   * Binds and starts a server; a port in use fails with a message naming
   * the address.
   */
  public static Server start(String bindHost, int port, Executor executor, BindableService... services)
      throws IOException {
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
        .maxInboundMessageSize(GrpcChannels.MAX_MESSAGE_BYTES)
        .flowControlWindow(GrpcChannels.FLOW_CONTROL_WINDOW_BYTES)
        .permitKeepAliveWithoutCalls(true)
        .permitKeepAliveTime(10, TimeUnit.SECONDS);
    if (executor != null) {
      b.executor(executor);
    }
    for (BindableService s : services) {
      b.addService(s);
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
