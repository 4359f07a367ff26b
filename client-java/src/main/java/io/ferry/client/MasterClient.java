package io.ferry.client;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The connection to the master: every call gets the metadata deadline, and
 * gRPC failures come back as {@link FerryException}s naming the master.
 */
final class MasterClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final FileSystemMasterServiceBlockingStub stub;
  private final String target;
  private final Duration timeout;

  MasterClient(FerryConfiguration conf) {
    String host = conf.getString(PropertyKey.MASTER_HOSTNAME);
    int port = conf.getInt(PropertyKey.MASTER_RPC_PORT);
    this.channel = GrpcChannels.forAddress(host, port, conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT));
    this.stub = FileSystemMasterServiceGrpc.newBlockingStub(channel);
    this.target = "master at " + host + ":" + port;
    this.timeout = conf.getDuration(PropertyKey.USER_RPC_TIMEOUT);
  }

  /** A unary call on the master. */
  <T> T call(MasterCall<T> call) throws FerryException {
    try {
      return call.apply(stubWithDeadline());
    } catch (StatusRuntimeException e) {
      throw fromStatus(e);
    }
  }

  /** A stub with a fresh deadline, for server streams that the caller consumes. */
  FileSystemMasterServiceBlockingStub stubWithDeadline() {
    return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  FerryException fromStatus(StatusRuntimeException e) {
    return RpcFailures.of(e, target);
  }

  String target() {
    return target;
  }

  @Override
  public void close() {
    GrpcChannels.shutdown(channel);
  }

  @FunctionalInterface
  interface MasterCall<T> {
    T apply(FileSystemMasterServiceBlockingStub stub);
  }
}
