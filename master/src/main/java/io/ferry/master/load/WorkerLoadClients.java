package io.ferry.master.load;

import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.error.FerryException;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.LoadBlocksRequest;
import io.ferry.proto.LoadBlocksResponse;
import io.ferry.proto.WorkerAddress;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The master's connections to workers, for LoadBlocks calls; one channel per worker address. */
public final class WorkerLoadClients implements AutoCloseable {
  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public WorkerLoadClients(Duration connectTimeout, Duration callTimeout) {
    this.connectTimeout = connectTimeout;
    this.callTimeout = callTimeout;
  }

  /** One LoadBlocks call; cancelled with the gRPC context it runs in. */
  LoadBlocksResponse load(WorkerAddress worker, LoadBlocksRequest request) throws FerryException {
    String target = worker.getHost() + ":" + worker.getRpcPort();
    ManagedChannel channel = channels.computeIfAbsent(target,
        t -> GrpcChannels.forAddress(worker.getHost(), worker.getRpcPort(), connectTimeout));
    try {
      return BlockWorkerServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .loadBlocks(request);
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(e, "worker at " + target);
    }
  }

  @Override
  public void close() {
    channels.values().forEach(GrpcChannels::shutdown);
  }
}
