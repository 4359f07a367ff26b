package io.ferry.worker.replication;

import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.ReplicateBlocksResponse;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.stub.StreamObserver;

/** The master's pushed block copies: handed to the replicator, which makes them in the background. */
public final class ReplicationService extends WorkerReplicationServiceGrpc.WorkerReplicationServiceImplBase {
  private final BlockReplicator replicator;

  public ReplicationService(BlockReplicator replicator) {
    this.replicator = replicator;
  }

  @Override
  public void replicateBlocks(ReplicateBlocksRequest request, StreamObserver<ReplicateBlocksResponse> observer) {
    request.getCopiesList().forEach(replicator::replicate);
    observer.onNext(ReplicateBlocksResponse.getDefaultInstance());
    observer.onCompleted();
  }
}
