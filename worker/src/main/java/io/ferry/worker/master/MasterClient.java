package io.ferry.worker.master;

import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.grpc.MasterConnection;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.GetMountRequest;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.MountInfo;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.WorkerMasterServiceGrpc;
import io.grpc.ClientInterceptor;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The worker's calls to the master's WorkerMasterService (the leader's, with
 * several masters); failures become FerryExceptions naming the master.
 */
public final class MasterClient implements Closeable {
  private final MasterConnection connection;
  private final Duration rpcTimeout;
  private final ClientInterceptor credentials;

  /** {@code credentials} prove the calls come from a worker ({@code DaemonCredentials}). */
  public MasterClient(List<String> addresses, Duration connectTimeout, Duration rpcTimeout,
      Duration failoverTimeout, TransportSecurity security, ClientInterceptor credentials) {
    this.connection = new MasterConnection(addresses, connectTimeout, failoverTimeout, security,
        GrpcErrors::fromStatus);
    this.rpcTimeout = rpcTimeout;
    this.credentials = credentials;
  }

  /** The master calls go to now. */
  public String address() {
    return connection.currentAddress();
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
    return connection.call(channel -> rpc.apply(WorkerMasterServiceGrpc.newBlockingStub(channel)
        .withInterceptors(credentials).withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)));
  }

  @Override
  public void close() {
    connection.close();
  }
}
