package io.ferry.client;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.MasterAddresses;
import io.ferry.common.grpc.MasterConnection;
import io.ferry.common.security.ClientCredentials;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection to the master (the leader, with several): every call gets
 * the metadata deadline, and gRPC failures come back as
 * {@link FerryException}s naming the master.
 */
final class MasterClient implements AutoCloseable {
  private final MasterConnection connection;
  private final Duration timeout;
  private final ClientCredentials credentials;
  private final String clientId = UUID.randomUUID().toString();
  private final AtomicLong requests = new AtomicLong();

  MasterClient(FerryConfiguration conf, TransportSecurity security) {
    this.connection = new MasterConnection(MasterAddresses.of(conf), conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT),
        conf.getDuration(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT), security, RpcFailures::of);
    this.timeout = conf.getDuration(PropertyKey.USER_RPC_TIMEOUT);
    this.credentials = ClientCredentials.of(conf);
  }

  /** A unary call on the master, retried on the new leader after a failover. */
  <T> T call(MasterCall<T> call) throws FerryException {
    return connection.call(channel -> call.apply(stubWithDeadline(channel)));
  }

  /** A mutation that carries a request id: retried after a lost answer, see MasterConnection#callMutation. */
  <T> T mutate(MasterCall<T> call) throws FerryException {
    return connection.callMutation(channel -> call.apply(stubWithDeadline(channel)));
  }

  /** A new id for one mutation: its retries carry the same id, so the master applies it once. */
  String newRequestId() {
    return clientId + "-" + requests.incrementAndGet();
  }

  /** A stub on the current master with a fresh deadline, for server streams that the caller consumes. */
  FileSystemMasterServiceBlockingStub stubWithDeadline() {
    return stubWithDeadline(connection.currentChannel());
  }

  /** Every call states who the client is (ClientCredentials); the master decides what that allows. */
  private FileSystemMasterServiceBlockingStub stubWithDeadline(ManagedChannel channel) {
    return FileSystemMasterServiceGrpc.newBlockingStub(channel).withInterceptors(credentials)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  MasterConnection connection() {
    return connection;
  }

  FerryException fromStatus(StatusRuntimeException e) {
    return RpcFailures.of(e, target());
  }

  String target() {
    return "master at " + connection.currentAddress();
  }

  @Override
  public void close() {
    connection.close();
  }

  @FunctionalInterface
  interface MasterCall<T> {
    T apply(FileSystemMasterServiceBlockingStub stub);
  }
}
