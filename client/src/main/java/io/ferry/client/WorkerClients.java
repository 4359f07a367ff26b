package io.ferry.client;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.WorkerChannels;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** Channels to the workers, opened on first use and shared by all calls and streams of a client. */
final class WorkerClients implements AutoCloseable {
  private final WorkerChannels channels;

  WorkerClients(Duration connectTimeout, TransportSecurity security) {
    this.channels = new WorkerChannels(connectTimeout, security);
  }

  BlockWorkerServiceGrpc.BlockWorkerServiceBlockingStub blocking(WorkerEndpoint worker) {
    return BlockWorkerServiceGrpc.newBlockingStub(channels.channel(worker.host(), worker.rpcPort()));
  }

  BlockWorkerServiceGrpc.BlockWorkerServiceStub async(WorkerEndpoint worker) {
    return BlockWorkerServiceGrpc.newStub(channels.channel(worker.host(), worker.rpcPort()));
  }

  /**
   * An async stub that runs its callbacks on the transport thread, for
   * observers that only hand messages over (such as {@link ReadBlockStream}).
   */
  BlockWorkerServiceGrpc.BlockWorkerServiceStub streaming(WorkerEndpoint worker) {
    return async(worker).withExecutor(Runnable::run);
  }

  static FerryException fromStatus(StatusRuntimeException e, WorkerEndpoint worker) {
    return RpcFailures.of(e, "worker at " + worker.hostPort());
  }

  @Override
  public void close() {
    channels.close();
  }
}
