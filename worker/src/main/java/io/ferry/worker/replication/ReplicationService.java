package io.ferry.worker.replication;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.grpc.WorkerAddresses;
import io.ferry.proto.PersistFileRequest;
import io.ferry.proto.PersistFileResponse;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.ReplicateBlocksResponse;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;

/**
 * The master's calls: pushed block copies, handed to the replicator, which makes them in the background;
 * persist jobs, written to the under storage from the cached blocks before the call is answered.
 */
public final class ReplicationService extends WorkerReplicationServiceGrpc.WorkerReplicationServiceImplBase {
  private final BlockReplicator replicator;
  private final FilePersister persister;

  public ReplicationService(BlockReplicator replicator, FilePersister persister) {
    this.replicator = replicator;
    this.persister = persister;
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

  @Override
  public void persistFile(PersistFileRequest request, StreamObserver<PersistFileResponse> observer) {
    try {
      String fingerprint = persister.persist(request);
      observer.onNext(PersistFileResponse.newBuilder().setFingerprint(fingerprint).build());
      observer.onCompleted();
    } catch (IOException | RuntimeException e) {
      GrpcErrors.fail(observer, e);
    }
  }
}
