package io.ferry.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ferry.common.BlockIds;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.PersistFileRequest;
import io.ferry.proto.PersistFileResponse;
import io.ferry.proto.PinnedFiles;
import io.ferry.proto.OpenLocalBlockRequest;
import io.ferry.proto.OpenLocalBlockResponse;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.UfsBlockSource;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.ferry.proto.WriteFileHeader;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import io.ferry.proto.WriteType;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryWorkerTest {
  private static final int BLOCK = 64 << 10;
  private static final long MOUNT_ID = 3;
  private static final long FILE_ID = 11;

  @TempDir
  Path memDir;
  @TempDir
  Path ufsDir;
  @TempDir
  Path targetMemDir;

  private FakeMaster master;
  private FerryWorker worker;
  private ManagedChannel channel;

  @BeforeEach
  void setUp() throws IOException {
    master = new FakeMaster().start(0);
    master.mount(MOUNT_ID, ufsDir.toString());
    worker = startWorker(master.port());
    channel = GrpcChannels.forAddress("127.0.0.1", worker.port(), Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    GrpcChannels.shutdown(channel);
    worker.close();
    master.close();
  }

  private FerryWorker startWorker(int masterPort) throws IOException {
    FerryWorker w = new FerryWorker(config(masterPort).build());
    w.start();
    return w;
  }

  private FerryConfiguration.Builder config(int masterPort) {
    return FerryConfiguration.builder()
        .set(PropertyKey.WORKER_MEM_DIR, memDir)
        .set(PropertyKey.WORKER_MEM_CAPACITY, 64 * BLOCK)
        .set(PropertyKey.WORKER_BIND_HOST, "127.0.0.1")
        .set(PropertyKey.WORKER_HOSTNAME, "127.0.0.1")
        .set(PropertyKey.WORKER_RPC_PORT, 0)
        .set(PropertyKey.WORKER_WEB_PORT, 0)
        .set(PropertyKey.WORKER_S3_PORT, 0)
        .set(PropertyKey.WORKER_HEARTBEAT_INTERVAL, "100ms")
        .set(PropertyKey.MASTER_HOSTNAME, "127.0.0.1")
        .set(PropertyKey.MASTER_RPC_PORT, masterPort);
  }

  @Test
  void readBlockStreamsExactlyTheRequestedRange() throws IOException {
    byte[] file = TestData.bytes(2 * BLOCK + 123, 1);
    Path path = Files.write(ufsDir.resolve("f"), file);
    byte[] block1 = Arrays.copyOfRange(file, BLOCK, 2 * BLOCK);
    UfsBlockSource source = source(path, 1, BLOCK);

    assertThat(read(source, 0, -1, 1000)).isEqualTo(block1);
    assertThat(read(source, 0, 0, 0)).isEqualTo(block1);
    assertThat(read(source, 5, 1, 0)).isEqualTo(Arrays.copyOfRange(block1, 5, 6));
    assertThat(read(source, 999, 3001, 1000)).isEqualTo(Arrays.copyOfRange(block1, 999, 4000));
    assertThat(read(source, BLOCK - 7, 7, 2)).isEqualTo(Arrays.copyOfRange(block1, BLOCK - 7, BLOCK));
    assertThat(read(source, BLOCK, -1, 0)).isEmpty();
    assertThat(read(source(path, 2, 123), 0, -1, 0)).isEqualTo(Arrays.copyOfRange(file, 2 * BLOCK, file.length));
  }

  @Test
  void readBlockCountsHitsMissesAndBytes() throws IOException {
    Path path = Files.write(ufsDir.resolve("f"), TestData.bytes(BLOCK, 1));

    read(source(path, 0, BLOCK), 0, -1, 0);
    read(source(path, 0, BLOCK), 0, 100, 0);

    assertThat(worker.counters().snapshot().getCacheMisses()).isEqualTo(1);
    assertThat(worker.counters().snapshot().getCacheHits()).isEqualTo(1);
    assertThat(worker.counters().snapshot().getBytesServed()).isEqualTo(BLOCK + 100);
  }

  @Test
  void readBlockOutsideTheBlockFailsWithInvalidArgument() throws IOException {
    Path path = Files.write(ufsDir.resolve("f"), TestData.bytes(BLOCK, 1));

    assertThatThrownBy(() -> read(source(path, 0, BLOCK), BLOCK - 10, 11, 0))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("outside block");
    assertThatThrownBy(() -> read(source(path, 0, BLOCK), -1, 1, 0))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void readBlockOfAMissingUfsFileFailsWithNotFound() {
    assertThatThrownBy(() -> read(source(ufsDir.resolve("gone"), 0, BLOCK), 0, -1, 0))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("gone");
  }

  @Test
  void openLocalBlockReturnsTheCachedBlockFile() throws IOException {
    byte[] file = TestData.bytes(BLOCK + 10, 1);
    Path path = Files.write(ufsDir.resolve("f"), file);

    OpenLocalBlockResponse response = BlockWorkerServiceGrpc.newBlockingStub(channel).openLocalBlock(
        OpenLocalBlockRequest.newBuilder().setBlockId(blockId(1)).setSource(source(path, 1, 10)).build());

    assertThat(response.getLength()).isEqualTo(10);
    assertThat(Path.of(response.getPath())).hasBinaryContent(Arrays.copyOfRange(file, BLOCK, BLOCK + 10));
    assertThat(Path.of(response.getPath()).getParent()).isEqualTo(memDir);
  }

  @Test
  void cacheThroughWriteCreatesTheUfsFileAndCachesItsBlocks() throws Exception {
    byte[] bytes = TestData.bytes(2 * BLOCK + 500, 2);
    Path path = ufsDir.resolve("dir/new.bin");

    WriteFileResponse response = write(path, WriteType.CACHE_THROUGH, bytes, 7000);

    assertThat(path).hasBinaryContent(bytes);
    assertThat(response.getLength()).isEqualTo(bytes.length);
    assertThat(response.getFingerprint()).isNotEmpty();
    assertThat(worker.blockStore().blockIds()).containsExactlyInAnyOrder(blockId(0), blockId(1), blockId(2));
    assertThat(worker.blockStore().get(blockId(2)).orElseThrow().fingerprint()).isEqualTo(response.getFingerprint());
    UfsBlockSource last = source(path, 2, 500).toBuilder().setFingerprint(response.getFingerprint()).build();
    assertThat(read(last, 0, -1, 0)).isEqualTo(Arrays.copyOfRange(bytes, 2 * BLOCK, bytes.length));
    assertThat(worker.counters().snapshot().getCacheHits()).isEqualTo(1);
  }

  @Test
  void throughWriteCreatesOnlyTheUfsFile() throws Exception {
    byte[] bytes = TestData.bytes(BLOCK + 1, 3);
    Path path = ufsDir.resolve("through.bin");

    write(path, WriteType.THROUGH, bytes, 4096);

    assertThat(path).hasBinaryContent(bytes);
    assertThat(worker.blockStore().blockIds()).isEmpty();
  }

  @Test
  void mustCacheWriteCachesTheBlocksAndCreatesNoUfsFile() throws Exception {
    byte[] bytes = TestData.bytes(BLOCK + 1, 4);
    Path path = ufsDir.resolve("cached-only.bin");

    WriteFileResponse response = write(path, WriteType.MUST_CACHE, bytes, 4096);

    assertThat(path).doesNotExist();
    assertThat(response.getFingerprint()).isEmpty();
    assertThat(worker.blockStore().blockIds()).containsExactlyInAnyOrder(blockId(0), blockId(1));
    UfsBlockSource cachedOnly = UfsBlockSource.newBuilder().setBlockStart(BLOCK).setBlockLength(1).build();
    assertThat(read(cachedOnly, 0, -1, 0)).isEqualTo(new byte[] {bytes[BLOCK]});
  }

  @Test
  void asyncThroughWriteCachesTheBlocksWithoutAUfsFileUntilItsPersistJob() throws Exception {
    byte[] bytes = TestData.bytes(BLOCK + 1, 7);
    Path path = ufsDir.resolve("ckpt.bin");

    WriteFileResponse response = write(path, WriteType.ASYNC_THROUGH, bytes, 4096);

    assertThat(path).doesNotExist();
    assertThat(response.getFingerprint()).isEmpty();
    assertThat(worker.blockStore().blockIds()).containsExactlyInAnyOrder(blockId(0), blockId(1));
  }

  @Test
  void aPersistJobWritesTheCachedBlocksToTheUfsFileAndAnswersItsFingerprint() throws Exception {
    byte[] bytes = TestData.bytes(2 * BLOCK + 5, 8);
    Path path = ufsDir.resolve("ckpt.bin");
    write(path, WriteType.ASYNC_THROUGH, bytes, 4096);

    PersistFileResponse persisted = WorkerReplicationServiceGrpc.newBlockingStub(channel).persistFile(
        persistRequest(path, bytes.length, blockId(0), blockId(1), blockId(2)));

    assertThat(path).hasBinaryContent(bytes);
    assertThat(persisted.getFingerprint()).isNotEmpty();
  }

  @Test
  void aPersistJobOfABlockNotCachedHereFailsDataLostAndLeavesNoUfsFile() throws Exception {
    Path path = ufsDir.resolve("ckpt.bin");
    write(path, WriteType.ASYNC_THROUGH, TestData.bytes(BLOCK, 9), 4096);

    assertThatThrownBy(() -> WorkerReplicationServiceGrpc.newBlockingStub(channel).persistFile(
        persistRequest(path, 2 * BLOCK, blockId(0), blockId(1))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
            GrpcErrors.fromStatus(e, "worker").code()).isEqualTo(ErrorCode.DATA_LOST));
    assertThat(path).doesNotExist();
  }

  private static PersistFileRequest persistRequest(Path path, long length, Long... blockIds) {
    return PersistFileRequest.newBuilder().setMountId(MOUNT_ID).setUfsUri(path.toString()).setLength(length)
        .addAllBlockIds(Arrays.asList(blockIds)).build();
  }

  @Test
  void writeToAnExistingFileWithoutOverwriteFailsWithAlreadyExists() throws Exception {
    Path path = Files.write(ufsDir.resolve("exists"), new byte[] {1});

    assertThatThrownBy(() -> write(path, WriteType.CACHE_THROUGH, new byte[] {2}, 1))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    assertThat(path).hasBinaryContent(new byte[] {1});
  }

  @Test
  void aSyncIsAnsweredOnceTheBytesSoFarAreInTheUfsFileAndTheWriteGoesOn() throws Exception {
    Path path = ufsDir.resolve("synced.bin");
    byte[] bytes = TestData.bytes(5000, 6);
    BlockingQueue<WriteFileResponse> answers = new LinkedBlockingQueue<>();
    StreamObserver<WriteFileRequest> requests = BlockWorkerServiceGrpc.newStub(channel).writeFile(observer(answers));
    requests.onNext(header(path, WriteType.CACHE_THROUGH));
    requests.onNext(WriteFileRequest.newBuilder().setChunk(ByteString.copyFrom(bytes, 0, 4000)).build());

    requests.onNext(WriteFileRequest.newBuilder().setSync(true).build());

    WriteFileResponse synced = answers.poll(10, TimeUnit.SECONDS);
    assertThat(synced.getSynced()).isTrue();
    assertThat(synced.getLength()).isEqualTo(4000);
    try (var temporaries = Files.list(ufsDir)) { // pushed out of the UFS stream's buffer, not yet published
      assertThat(temporaries).singleElement().satisfies(t -> assertThat(Files.size(t)).isEqualTo(4000));
    }
    requests.onNext(WriteFileRequest.newBuilder().setChunk(ByteString.copyFrom(bytes, 4000, 1000)).build());
    requests.onCompleted();
    WriteFileResponse done = answers.poll(10, TimeUnit.SECONDS);
    assertThat(done.getSynced()).isFalse();
    assertThat(done.getLength()).isEqualTo(5000);
    assertThat(path).hasBinaryContent(bytes);
  }

  @Test
  void writeCancelledByTheClientLeavesNoUfsFileAndNoBlocks() throws Exception {
    Path path = ufsDir.resolve("abandoned.bin");
    CompletableFuture<WriteFileResponse> result = new CompletableFuture<>();
    StreamObserver<WriteFileRequest> requests = BlockWorkerServiceGrpc.newStub(channel).writeFile(observer(result));
    requests.onNext(header(path, WriteType.CACHE_THROUGH));
    requests.onNext(WriteFileRequest.newBuilder().setChunk(ByteString.copyFrom(TestData.bytes(BLOCK + 10, 5))).build());

    requests.onError(new IllegalStateException("client gone"));

    awaitTrue(() -> isEmpty(memDir.resolve("tmp")));
    assertThat(path).doesNotExist();
    assertThat(worker.blockStore().blockIds()).isEmpty();
    try (var leftovers = Files.list(ufsDir)) {
      assertThat(leftovers).isEmpty();
    }
  }

  @Test
  void workerRegistersWithItsAddressThenHeartbeatsNewAndRemovedBlocks() throws Exception {
    awaitTrue(() -> !master.heartbeats.isEmpty());
    assertThat(master.registrations).hasSize(1);
    assertThat(master.registrations.get(0).getHost()).isEqualTo("127.0.0.1");
    assertThat(master.registrations.get(0).getRpcPort()).isEqualTo(worker.port());
    assertThat(master.registrations.get(0).getTiers(0).getAlias()).isEqualTo("MEM");
    assertThat(worker.workerId()).isEqualTo(1);

    write(ufsDir.resolve("f"), WriteType.CACHE_THROUGH, TestData.bytes(10, 1), 10);
    awaitTrue(() -> master.reportedBlockIds().contains(blockId(0)));
    worker.blockStore().remove(blockId(0));
    awaitTrue(() -> master.removedBlockIds().contains(blockId(0)));

    var last = master.heartbeats.get(master.heartbeats.size() - 1);
    assertThat(last.getWorkerId()).isEqualTo(1);
    assertThat(last.getTiers(0).getCapacityBytes()).isEqualTo(64 * BLOCK);
    assertThat(last.hasMetrics()).isTrue();
  }

  @Test
  void workerRegistersAgainWithAllItsBlocksWhenTheMasterAsks() throws Exception {
    write(ufsDir.resolve("f"), WriteType.CACHE_THROUGH, TestData.bytes(10, 1), 10);
    awaitTrue(() -> !master.heartbeats.isEmpty());

    master.replyToNextHeartbeat(HeartbeatResponse.newBuilder().setCommand(HeartbeatResponse.Command.REGISTER).build());

    awaitTrue(() -> master.registrations.size() == 2);
    assertThat(master.registrations.get(1).getBlockIdsList()).containsExactly(blockId(0));
    awaitTrue(() -> worker.workerId() == 2);
  }

  @Test
  void workerDropsTheBlocksTheMasterTellsItToRemove() throws Exception {
    write(ufsDir.resolve("f"), WriteType.CACHE_THROUGH, TestData.bytes(10, 1), 10);

    master.replyToNextHeartbeat(HeartbeatResponse.newBuilder().addRemoveBlockIds(blockId(0)).build());

    awaitTrue(() -> worker.blockStore().blockIds().isEmpty());
    assertThat(memDir.resolve(Long.toString(blockId(0)))).doesNotExist();
  }

  @Test
  void theWorkerKeepsThePinnedFilesOfAHeartbeatAnswerAndReportsTheirVersion() throws Exception {
    master.replyToNextHeartbeat(HeartbeatResponse.newBuilder()
        .setPinnedFiles(PinnedFiles.newBuilder().setVersion(7).addFileIds(42)).build());

    awaitTrue(() -> master.heartbeats.stream().anyMatch(h -> h.getPinnedVersion() == 7));
    assertThat(worker.blockStore().pinsVersion()).isEqualTo(7);
  }

  @Test
  void aCopyPushedByTheMasterIsMadeFromTheHolderAndReportedWithoutWaitingForAHeartbeat() throws Exception {
    byte[] bytes = TestData.bytes(10, 1);
    write(ufsDir.resolve("f"), WriteType.CACHE_THROUGH, bytes, 10);
    String fingerprint = worker.blockStore().get(blockId(0)).orElseThrow().fingerprint();
    FerryWorker target = new FerryWorker(config(master.port()).set(PropertyKey.WORKER_MEM_DIR, targetMemDir)
        .set(PropertyKey.WORKER_HEARTBEAT_INTERVAL, "1h").build()); // registers, then heartbeats only when asked
    ManagedChannel toTarget = null;
    try {
      target.start();
      awaitTrue(() -> target.workerId() > 0);
      toTarget = GrpcChannels.forAddress("127.0.0.1", target.port(), Duration.ofSeconds(5));

      WorkerReplicationServiceGrpc.newBlockingStub(toTarget).replicateBlocks(ReplicateBlocksRequest.newBuilder()
          .addCopies(ReplicateBlock.newBuilder().setBlockId(blockId(0)).setLength(bytes.length)
              .setFingerprint(fingerprint)
              .setSource(WorkerAddress.newBuilder().setHost("127.0.0.1").setRpcPort(worker.port())))
          .build());

      awaitTrue(() -> master.heartbeats.stream().anyMatch(h -> h.getWorkerId() == target.workerId()
          && h.getAddedBlockIdsList().contains(blockId(0))));
      assertThat(Files.readAllBytes(target.blockStore().get(blockId(0)).orElseThrow().path())).isEqualTo(bytes);
      assertThat(target.counters().snapshot().getReplicatedBlocks()).isEqualTo(1);
    } finally {
      if (toTarget != null) {
        GrpcChannels.shutdown(toTarget);
      }
      target.close();
    }
  }

  @Test
  void workerKeepsTryingToRegisterUntilTheMasterStarts() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (FerryWorker late = new FerryWorker(config(port).set(PropertyKey.WORKER_MEM_DIR, memDir.resolve("late"))
        .build())) {
      late.start();
      Thread.sleep(300);
      assertThat(late.workerId()).isEqualTo(-1);

      try (FakeMaster lateMaster = new FakeMaster().start(port)) {
        awaitTrue(() -> late.workerId() > 0);
        assertThat(lateMaster.registrations).hasSize(1);
      }
    }
  }

  @Test
  void portInUseFailsNamingTheAddress() {
    FerryWorker second = new FerryWorker(config(master.port()).set(PropertyKey.WORKER_RPC_PORT, worker.port())
        .set(PropertyKey.WORKER_MEM_DIR, memDir.resolve("second")).build());

    assertThatThrownBy(second::start).isInstanceOf(IOException.class)
        .hasMessageContaining("127.0.0.1:" + worker.port());
  }

  @Test
  void nonPositiveCapacityIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> new FerryWorker(config(1).set(PropertyKey.WORKER_MEM_CAPACITY, 0).build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(PropertyKey.WORKER_MEM_CAPACITY.name());
  }

  @Test
  void unknownEvictionPolicyIsRejectedNamingTheKeyAndTheChoices() {
    assertThatThrownBy(() -> new FerryWorker(config(1).set(PropertyKey.WORKER_EVICTION_POLICY, "FIFO").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(PropertyKey.WORKER_EVICTION_POLICY.name()).hasMessageContaining("'FIFO'")
        .hasMessageContaining("W-TinyLFU or LRU");
  }

  private byte[] read(UfsBlockSource source, long offset, long length, int chunkSize) throws FerryException {
    long blockId = blockId((int) (source.getBlockStart() / BLOCK));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      BlockWorkerServiceGrpc.newBlockingStub(channel).readBlock(ReadBlockRequest.newBuilder()
          .setBlockId(blockId).setOffset(offset).setLength(length).setChunkSize(chunkSize).setSource(source).build())
          .forEachRemaining(r -> out.writeBytes(r.getChunk().toByteArray()));
    } catch (StatusRuntimeException e) {
      throw GrpcErrors.fromStatus(e, "worker");
    }
    return out.toByteArray();
  }

  private WriteFileResponse write(Path path, WriteType type, byte[] bytes, int chunkSize) throws Exception {
    CompletableFuture<WriteFileResponse> result = new CompletableFuture<>();
    StreamObserver<WriteFileRequest> requests = BlockWorkerServiceGrpc.newStub(channel).writeFile(observer(result));
    requests.onNext(header(path, type));
    for (int pos = 0; pos < bytes.length; pos += chunkSize) {
      requests.onNext(WriteFileRequest.newBuilder()
          .setChunk(ByteString.copyFrom(bytes, pos, Math.min(chunkSize, bytes.length - pos))).build());
    }
    requests.onCompleted();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw GrpcErrors.fromStatus((StatusRuntimeException) e.getCause(), "worker");
    }
  }

  private static WriteFileRequest header(Path path, WriteType type) {
    return WriteFileRequest.newBuilder().setHeader(WriteFileHeader.newBuilder().setFileId(FILE_ID)
        .setMountId(MOUNT_ID).setUfsUri(path.toString()).setBlockSize(BLOCK).setWriteType(type)).build();
  }

  private static StreamObserver<WriteFileResponse> observer(CompletableFuture<WriteFileResponse> result) {
    return new StreamObserver<>() {
      @Override
      public void onNext(WriteFileResponse value) {
        result.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  /** Every answer of a WriteFile stream, in order. */
  private static StreamObserver<WriteFileResponse> observer(BlockingQueue<WriteFileResponse> answers) {
    return new StreamObserver<>() {
      @Override
      public void onNext(WriteFileResponse value) {
        answers.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  private static UfsBlockSource source(Path file, int index, long length) {
    return UfsBlockSource.newBuilder().setMountId(MOUNT_ID).setUfsUri(file.toString())
        .setBlockStart((long) index * BLOCK).setBlockLength(length).build();
  }

  private static long blockId(int index) {
    return BlockIds.of(FILE_ID, index);
  }

  private static boolean isEmpty(Path dir) {
    try (var files = Files.list(dir)) {
      return files.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
