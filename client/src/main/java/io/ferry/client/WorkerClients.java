package io.ferry.client;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.WorkerChannels;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.WorkerAddress;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** Channels to the workers, opened on first use and shared by all calls and streams of a client. */
final class WorkerClients implements AutoCloseable {
  private final WorkerChannels channels;

  WorkerClients(Duration connectTimeout) {
    this.channels = new WorkerChannels(connectTimeout);
  }

  BlockWorkerServiceGrpc.BlockWorkerServiceBlockingStub blocking(WorkerAddress worker) {
    return BlockWorkerServiceGrpc.newBlockingStub(channels.channel(worker));
  }

  BlockWorkerServiceGrpc.BlockWorkerServiceStub async(WorkerAddress worker) {
    return BlockWorkerServiceGrpc.newStub(channels.channel(worker));
  }

  /**
   * An async stub that runs its callbacks on the transport thread, for
   * observers that only hand messages over (such as {@link ReadBlockStream}).
   */
  BlockWorkerServiceGrpc.BlockWorkerServiceStub streaming(WorkerAddress worker) {
    return async(worker).withExecutor(Runnable::run);
  }

  static String key(WorkerAddress worker) {
    return WorkerChannels.key(worker);
  }

  static FerryException fromStatus(StatusRuntimeException e, WorkerAddress worker) {
    return RpcFailures.of(e, "worker at " + key(worker));
  }

  @Override
  public void close() {
    channels.close();
  }
}
