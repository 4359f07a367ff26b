package io.ferry.common.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the plaintext gRPC channels Ferry's processes talk over. */
public final class GrpcChannels {
  /** Large enough for a data chunk plus framing. */
  public static final int MAX_MESSAGE_BYTES = 64 << 20;

  private GrpcChannels() {}

  public static ManagedChannel forAddress(String host, int port, Duration connectTimeout) {
    return NettyChannelBuilder.forAddress(host, port)
        .usePlaintext()
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .withOption(io.grpc.netty.shaded.io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) connectTimeout.toMillis())
        .keepAliveTime(30, TimeUnit.SECONDS)
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
