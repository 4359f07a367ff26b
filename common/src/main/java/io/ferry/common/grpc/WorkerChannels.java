package io.ferry.common.grpc;

import io.ferry.proto.WorkerAddress;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One channel per worker address, opened on first use and shared by every call to that worker. */
public final class WorkerChannels implements AutoCloseable {
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Duration connectTimeout;

  public WorkerChannels(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public ManagedChannel channel(WorkerAddress worker) {
    return channels.computeIfAbsent(key(worker),
        k -> GrpcChannels.forAddress(worker.getHost(), worker.getRpcPort(), connectTimeout));
  }

  /** host:port, as errors and logs name a worker. */
  public static String key(WorkerAddress worker) {
    return worker.getHost() + ":" + worker.getRpcPort();
  }

  @Override
  public void close() {
    channels.values().forEach(GrpcChannels::shutdown);
    channels.clear();
  }
}
