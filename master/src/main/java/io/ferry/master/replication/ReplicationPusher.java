package io.ferry.master.replication;

import io.ferry.common.grpc.WorkerChannels;
import io.ferry.common.security.TransportSecurity;
import io.grpc.ClientInterceptor;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.ReplicateBlocksResponse;
import io.ferry.proto.WorkerInfo;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the copies the checker queued to their workers at once
 * (WorkerReplicationService.ReplicateBlocks) rather than with each worker's
 * next heartbeat response, which would add up to a heartbeat interval to
 * every restoration. The calls are asynchronous; the copies of a call that
 * fails are queued again and go out with the next heartbeat response.
 */
public final class ReplicationPusher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationPusher.class);

  private final ReplicationCommands commands;
  private final WorkerRegistry workers;
  private final WorkerChannels channels;
  private final Duration callTimeout;

  public ReplicationPusher(ReplicationCommands commands, WorkerRegistry workers, Duration connectTimeout,
      TransportSecurity security, ClientInterceptor credentials, Duration callTimeout) {
    this.commands = commands;
    this.workers = workers;
    this.channels = new WorkerChannels(connectTimeout, security, credentials);
    this.callTimeout = callTimeout;
  }

  /** Pushes every queued copy to its (live) worker. */
  public void push() {
    for (WorkerInfo worker : workers.liveWorkers()) {
      long id = worker.getAddress().getWorkerId();
      List<ReplicateBlock> copies = commands.take(id);
      if (!copies.isEmpty()) {
        WorkerReplicationServiceGrpc.newStub(channels.channel(worker.getAddress()))
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .replicateBlocks(ReplicateBlocksRequest.newBuilder().addAllCopies(copies).build(),
                new Requeue(id, WorkerChannels.key(worker.getAddress()), copies));
      }
    }
  }

  /** Puts a failed push's copies back in the worker's queue. */
  private final class Requeue implements StreamObserver<ReplicateBlocksResponse> {
    private final long workerId;
    private final String address;
    private final List<ReplicateBlock> copies;

    Requeue(long workerId, String address, List<ReplicateBlock> copies) {
      this.workerId = workerId;
      this.address = address;
      this.copies = copies;
    }

    @Override
    public void onNext(ReplicateBlocksResponse value) {}

    @Override
    public void onError(Throwable t) {
      LOG.info("Cannot push {} block copies to worker {} ({}); they go with its next heartbeat response",
          copies.size(), address, t.toString());
      commands.requeue(workerId, copies);
    }

    @Override
    public void onCompleted() {}
  }

  @Override
  public void close() {
    channels.close();
  }
}
