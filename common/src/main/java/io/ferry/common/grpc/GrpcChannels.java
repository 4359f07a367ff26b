package io.ferry.common.grpc;

import io.ferry.common.security.TransportSecurity;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the gRPC channels Ferry's processes talk over, plaintext or TLS. */
public final class GrpcChannels {
  /**
   * HTTP/2 flow-control window of every stream. gRPC's 1 MiB default holds
   * less than one 1 MiB data chunk with its framing, so a block stream would
   * wait a round trip for every chunk.
   */
  public static final int FLOW_CONTROL_WINDOW_BYTES = 16 << 20;

  private GrpcChannels() {}

  /** A plaintext channel. */
  public static ManagedChannel forAddress(String host, int port, Duration connectTimeout) {
    return forAddress(host, port, connectTimeout, TransportSecurity.plaintext());
  }

  /** A channel with {@code security}'s TLS (or plaintext when it is off). */
  public static ManagedChannel forAddress(String host, int port, Duration connectTimeout,
      TransportSecurity security) {
    return NettyChannelBuilder.forAddress(host, port, security.channelCredentials())
        .maxInboundMessageSize(security.limits().maxMessageBytes())
        .maxInboundMetadataSize(security.limits().maxHeaderListBytes())
        .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
        .withOption(io.grpc.netty.shaded.io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) connectTimeout.toMillis())
        .keepAliveTime(30, TimeUnit.SECONDS)
        // Ferry retries and fails over itself; gRPC's transparent retry wraps every call in a
        // buffering RetriableStream, which costs a short-lived client (the CLI) a lot of cold code.
        .disableRetry()
        .build();
  }

  public static void shutdown(ManagedChannel channel) {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
