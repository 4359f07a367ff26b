package io.ferry.client;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.WorkerAddress;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One channel per worker, opened on first use and shared by all streams of a client. */
final class WorkerClients implements AutoCloseable {
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Duration connectTimeout;

  WorkerClients(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  BlockWorkerServiceGrpc.BlockWorkerServiceBlockingStub blocking(WorkerAddress worker) {
    return BlockWorkerServiceGrpc.newBlockingStub(channel(worker));
  }

  BlockWorkerServiceGrpc.BlockWorkerServiceStub async(WorkerAddress worker) {
    return BlockWorkerServiceGrpc.newStub(channel(worker));
  }

  /**
   * An async stub that runs its callbacks on the transport thread, for
   * observers that only hand messages over (such as {@link ReadBlockStream}).
   */
  BlockWorkerServiceGrpc.BlockWorkerServiceStub streaming(WorkerAddress worker) {
    return async(worker).withExecutor(Runnable::run);
  }

  private ManagedChannel channel(WorkerAddress worker) {
    return channels.computeIfAbsent(key(worker),
        k -> GrpcChannels.forAddress(worker.getHost(), worker.getRpcPort(), connectTimeout));
  }

  static String key(WorkerAddress worker) {
    return worker.getHost() + ":" + worker.getRpcPort();
  }

  static FerryException fromStatus(StatusRuntimeException e, WorkerAddress worker) {
    return RpcFailures.of(e, "worker at " + key(worker));
  }

  @Override
  public void close() {
    channels.values().forEach(GrpcChannels::shutdown);
    channels.clear();
  }
}
