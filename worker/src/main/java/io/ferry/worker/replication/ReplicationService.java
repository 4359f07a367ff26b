package io.ferry.worker.replication;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.grpc.WorkerAddresses;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.ReplicateBlocksResponse;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.stub.StreamObserver;

/** The master's pushed block copies: handed to the replicator, which makes them in the background. */
public final class ReplicationService extends WorkerReplicationServiceGrpc.WorkerReplicationServiceImplBase {
  private final BlockReplicator replicator;

  public ReplicationService(BlockReplicator replicator) {
    this.replicator = replicator;
  }

  /** Queues every copy, or none when one names a source no channel can be opened to. */
  @Override
  public void replicateBlocks(ReplicateBlocksRequest request, StreamObserver<ReplicateBlocksResponse> observer) {
    try {
      for (ReplicateBlock copy : request.getCopiesList()) {
        WorkerAddress source = copy.getSource();
        WorkerAddresses.check(source.getHost(), source.getRpcPort(), source.getDataPort());
      }
    } catch (FerryException e) {
      GrpcErrors.fail(observer, e);
      return;
    }
    request.getCopiesList().forEach(replicator::replicate);
    observer.onNext(ReplicateBlocksResponse.getDefaultInstance());
    observer.onCompleted();
  }
}
