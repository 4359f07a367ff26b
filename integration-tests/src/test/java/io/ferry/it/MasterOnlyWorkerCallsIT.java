package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.LoadJobStatus;
import io.ferry.client.LoadJobWaiter;
import io.ferry.client.WriteType;
import io.ferry.common.BlockIds;
import io.ferry.common.security.DaemonProofs;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.LoadBlock;
import io.ferry.proto.LoadBlocksRequest;
import io.ferry.proto.PersistFileRequest;
import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.WorkerReplicationServiceGrpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With authentication on, a worker loads, copies and persists blocks only for
 * the master (a call signed with the block key), across real processes: a
 * client, even a superuser's, calling the worker directly is refused, while
 * the master's own loads and persists go through.
 */
class MasterOnlyWorkerCallsIT {
  @TempDir static Path dir;
  private static TokenAuth auth;
  private static FerryCluster cluster;
  private ManagedChannel worker;

  @BeforeAll
  static void startCluster() throws Exception {
    auth = new TokenAuth(dir.resolve("token.key"));
    cluster = auth.cluster(dir.resolve("cluster"), 1).start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @BeforeEach
  void connectToTheWorker() {
    worker = ManagedChannelBuilder.forAddress("localhost", cluster.workerPort(0)).usePlaintext().build();
  }

  @AfterEach
  void disconnect() {
    worker.shutdownNow();
  }

  @Test
  void aClientCannotMakeAWorkerLoadBlocks() {
    LoadBlocksRequest load = LoadBlocksRequest.newBuilder()
        .addBlocks(LoadBlock.newBuilder().setBlockId(BlockIds.of(1, 0))).build();

    assertRefused(() -> asAdmin(BlockWorkerServiceGrpc.newBlockingStub(worker)).loadBlocks(load),
        "Only the masters may call ferry.BlockWorkerService/LoadBlocks: no daemon proof");
  }

  @Test
  void aClientCannotMakeAWorkerCopyOrPersistBlocks() {
    WorkerReplicationServiceGrpc.WorkerReplicationServiceBlockingStub replication =
        asAdmin(WorkerReplicationServiceGrpc.newBlockingStub(worker));

    assertRefused(() -> replication.replicateBlocks(ReplicateBlocksRequest.getDefaultInstance()),
        "Only the masters may call ferry.WorkerReplicationService/ReplicateBlocks");
    assertRefused(() -> replication.persistFile(PersistFileRequest.newBuilder().setUfsUri("file:///tmp/x").build()),
        "Only the masters may call ferry.WorkerReplicationService/PersistFile");
  }

  @Test
  void aProofSignedWithAnotherKeyIsRefused() {
    Metadata forged = new Metadata();
    forged.put(SecurityHeaders.DAEMON_PROOF, new DaemonProofs(new byte[32]).sign(Instant.now().plusSeconds(60)));
    WorkerReplicationServiceGrpc.WorkerReplicationServiceBlockingStub replication =
        WorkerReplicationServiceGrpc.newBlockingStub(worker)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(forged));

    assertRefused(() -> replication.replicateBlocks(ReplicateBlocksRequest.getDefaultInstance()),
        "daemon proof invalid");
  }

  @Test
  void theMastersLoadsReachTheWorker() throws Exception {
    try (FerryClient admin = cluster.newClient()) {
      write(admin, "/through.bin", WriteType.THROUGH); // in the under storage only: the load must fetch it

      LoadJobStatus job = new LoadJobWaiter(admin, Duration.ofMillis(100))
          .await(admin.createLoadJob("/through.bin", 1, 0).jobId(), status -> {});

      assertThat(job.state()).isEqualTo(LoadJobStatus.State.COMPLETED);
      assertThat(job.filesDone()).isEqualTo(1);
    }
  }

  @Test
  void theMastersPersistsReachTheWorker() throws Exception {
    try (FerryClient admin = cluster.newClient()) {
      write(admin, "/write-back.bin", WriteType.ASYNC_THROUGH);

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!admin.getStatus("/write-back.bin").persisted() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }

      assertThat(admin.getStatus("/write-back.bin").persisted()).isTrue();
      assertThat(Files.size(cluster.rootUfs().resolve("write-back.bin"))).isEqualTo(4096);
    }
  }

  private static void write(FerryClient client, String path, WriteType type) throws Exception {
    try (FerryOutputStream out = client.createFile(path, CreateOptions.DEFAULT.withWriteType(type))) {
      out.write(new byte[4096]);
    }
  }

  /** A superuser's token on the call: it proves a user, not a daemon. */
  private static <S extends AbstractStub<S>> S asAdmin(S stub) {
    Metadata headers = new Metadata();
    headers.put(SecurityHeaders.TOKEN, auth.token(TokenAuth.ADMIN));
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static void assertRefused(ThrowingCallable call, String why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED)).hasMessageContaining(why);
  }
}
