package io.ferry.client;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.WorkerChannels;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.WorkerAddress;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Channels to the workers, opened on first use and shared by all calls and streams of a client. */
final class WorkerClients implements AutoCloseable {
  /** Connections per worker for block streams: a reader streams two segments of a block at once. */
  static final int STREAM_CONNECTIONS = 2;

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
   * Async stubs over {@link #STREAM_CONNECTIONS} distinct connections to the
   * worker (each served by its own transport thread on both sides), running
   * their callbacks on the transport thread: for observers that only hand
   * messages over (such as {@link ReadBlockStream}).
   */
  List<BlockWorkerServiceGrpc.BlockWorkerServiceStub> streaming(WorkerAddress worker) {
    List<BlockWorkerServiceGrpc.BlockWorkerServiceStub> stubs = new ArrayList<>(STREAM_CONNECTIONS);
    for (int i = 0; i < STREAM_CONNECTIONS; i++) {
      stubs.add(BlockWorkerServiceGrpc.newStub(channels.channel(worker, i)).withExecutor(Runnable::run));
    }
    return stubs;
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
