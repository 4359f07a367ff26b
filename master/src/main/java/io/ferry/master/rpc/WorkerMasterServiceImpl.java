package io.ferry.master.rpc;

import io.ferry.common.grpc.WorkerAddresses;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.namespace.LeaseRecovery;
import io.ferry.master.replication.ReplicationCommands;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.GetMountRequest;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.MountInfo;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.RegisterWorkerResponse;
import io.ferry.proto.WorkerMasterServiceGrpc;
import io.grpc.stub.StreamObserver;

/**
 * WorkerMasterService over gRPC: registration, heartbeats (with replication
 * requests) and (unmasked) mount lookup; for workers only, which
 * MasterSecurity.wrapWorkers checks with authentication on.
 */
public final class WorkerMasterServiceImpl extends WorkerMasterServiceGrpc.WorkerMasterServiceImplBase {
  private final WorkerRegistry workers;
  private final FileSystemMaster fs;
  private final ReplicationCommands replications;
  private final LeaseRecovery leases;

  public WorkerMasterServiceImpl(WorkerRegistry workers, FileSystemMaster fs, ReplicationCommands replications,
      LeaseRecovery leases) {
    this.leases = leases;
    this.workers = workers;
    this.fs = fs;
    this.replications = replications;
  }

  @Override
  public void registerWorker(RegisterWorkerRequest request, StreamObserver<RegisterWorkerResponse> observer) {
    Calls.unary(observer, () -> {
      WorkerAddresses.check(request.getHost(), request.getRpcPort(), request.getDataPort());
      return RegisterWorkerResponse.newBuilder().setWorkerId(workers.register(request)).build();
    });
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
    leases.renew(request.getWritingFileIdsList());
    Calls.unary(observer, () -> {
      HeartbeatResponse.Builder response = workers.heartbeat(request).toBuilder()
          .addAllReplicateBlocks(replications.take(request.getWorkerId()));
      fs.pinnedFilesUnless(request.getPinnedVersion()).ifPresent(response::setPinnedFiles);
      return response.build();
    });
  }

  @Override
  public void getMount(GetMountRequest request, StreamObserver<MountInfo> observer) {
    Calls.unary(observer, () -> fs.mountForWorker(request.getMountId()));
  }
}
