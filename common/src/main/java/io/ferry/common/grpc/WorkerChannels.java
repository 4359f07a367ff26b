package io.ferry.common.grpc;

import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.WorkerAddress;
import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One channel per worker address, opened on first use and shared by every call to that worker; calls go
 * through {@code interceptors} (the master's: its daemon proof).
 */
public final class WorkerChannels implements AutoCloseable {
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Duration connectTimeout;
  private final TransportSecurity security;
  private final ClientInterceptor[] interceptors;

  public WorkerChannels(Duration connectTimeout, TransportSecurity security, ClientInterceptor... interceptors) {
    this.connectTimeout = connectTimeout;
    this.security = security;
    this.interceptors = interceptors;
  }

  public Channel channel(WorkerAddress worker) {
    return channel(worker.getHost(), worker.getRpcPort());
  }

  public Channel channel(String host, int port) {
    ManagedChannel channel = channels.computeIfAbsent(key(host, port),
        k -> GrpcChannels.forAddress(host, port, connectTimeout, security));
    return ClientInterceptors.intercept(channel, interceptors);
  }

  /** host:port, as errors and logs name a worker. */
  public static String key(WorkerAddress worker) {
    return key(worker.getHost(), worker.getRpcPort());
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }

  @Override
  public void close() {
    channels.values().forEach(GrpcChannels::shutdown);
    channels.clear();
  }
}
