package io.ferry.worker.master;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.GetMountRequest;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.MountInfo;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.WorkerMasterServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The worker's calls to the master's WorkerMasterService; failures become FerryExceptions naming the master. */
public final class MasterClient implements Closeable {
  private final String address;
  private final ManagedChannel channel;
  private final Duration rpcTimeout;

  public MasterClient(String host, int port, Duration connectTimeout, Duration rpcTimeout) {
    this.address = host + ":" + port;
    this.channel = GrpcChannels.forAddress(host, port, connectTimeout);
    this.rpcTimeout = rpcTimeout;
  }

  public String address() {
    return address;
  }

  public long register(RegisterWorkerRequest request) throws FerryException {
    return call(stub -> stub.registerWorker(request)).getWorkerId();
  }

  public HeartbeatResponse heartbeat(HeartbeatRequest request) throws FerryException {
    return call(stub -> stub.heartbeat(request));
  }

  /** The mount with its full options, credentials included. */
  public MountInfo getMount(long mountId) throws FerryException {
    return call(stub -> stub.getMount(GetMountRequest.newBuilder().setMountId(mountId).build()));
  }

  private <T> T call(Function<WorkerMasterServiceGrpc.WorkerMasterServiceBlockingStub, T> rpc)
      throws FerryException {
    try {
      return rpc.apply(WorkerMasterServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(e, "master at " + address);
    }
  }

  @Override
  public void close() {
    GrpcChannels.shutdown(channel);
  }
}
