package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockFiles;
import io.ferry.common.BlockIds;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryInputStreamTest {
  private static final int BLOCK = 256 * 1024;
  @TempDir
  Path blockDir;
  private FakeCluster cluster;

  @BeforeEach
  void start() throws IOException {
    cluster = new FakeCluster(2, blockDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  @Test
  void readsAFileOfSeveralBlocksOverGrpc() throws IOException {
    byte[] data = cluster.addFile("/a", 3 * BLOCK + 17, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(cluster.workers.stream().mapToInt(w -> w.openLocalCalls.get()).sum()).isZero();
  }

  @Test
  void readsIntoADirectBufferAcrossBlocksShortCircuitAndOverGrpc() throws IOException {
    byte[] data = cluster.addFile("/a", 3 * BLOCK + 9, BLOCK, cluster.addresses.get(1));
    for (boolean shortCircuit : new boolean[] {true, false}) {
      try (FerryClient client = FerryClient.create(cluster.conf(shortCircuit));
          FerryInputStream in = client.openFile("/a")) {
        java.nio.ByteBuffer dst = java.nio.ByteBuffer.allocateDirect(BLOCK + 100);
        dst.position(7);
        assertThat(in.read(BLOCK - 50, dst)).isEqualTo(BLOCK + 93);
        assertThat(dst.position()).isEqualTo(BLOCK + 100);
        byte[] got = new byte[BLOCK + 93];
        dst.get(7, got);
        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, BLOCK - 50, 2 * BLOCK + 43));
        assertThat(in.read(data.length, dst.clear())).isEqualTo(-1);
      }
    }
  }

  @Test
  void theBytesReadAreCountedBySource() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK + 5, BLOCK, cluster.addresses.get(1));
    try (FerryClient client = FerryClient.create(cluster.conf(true))) {
      try (FerryInputStream in = client.openFile("/a")) {
        in.readAllBytes();
      }

      assertThat(client.readCounters().bytes(ReadSource.SHORT_CIRCUIT)).isEqualTo(data.length);
      assertThat(client.readCounters().bytes(ReadSource.WORKER_STREAM)).isZero();
    }
  }

  @Test
  void withMetricsOffTheBytesReadAreNotCounted() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK + 5, BLOCK, cluster.addresses.get(1));
    FerryConfiguration conf = cluster.conf(true).toBuilder().set(PropertyKey.METRICS_ENABLED, false).build();
    try (FerryClient client = FerryClient.create(conf)) {
      try (FerryInputStream in = client.openFile("/a")) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }

      assertThat(client.readCounters().bytes(ReadSource.SHORT_CIRCUIT)).isZero();
    }
  }

  @Test
  void opensOneStreamPerBlockForSequentialReads() throws IOException {
    cluster.addFile("/a", 2 * BLOCK, BLOCK, cluster.addresses.get(0));
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      byte[] small = new byte[1000];
      while (in.read(small) >= 0) {
        // many small reads
      }
    }
    assertThat(cluster.workers.get(0).readBlockCalls.get()).isEqualTo(2);
  }

  @Test
  void readsShortCircuitWithOneGetStatusAndOneOpenLocalBlockPerBlock() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK + 5, BLOCK, cluster.addresses.get(1));
    try (FerryClient client = FerryClient.create(cluster.conf(true));
        FerryInputStream in = client.openFile("/a")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(cluster.master.getStatusCalls.get()).isEqualTo(1);
    assertThat(cluster.workers.get(1).openLocalCalls.get()).isEqualTo(2);
    assertThat(cluster.workers.get(1).readBlockCalls.get()).isZero();
  }

  @Test
  void cachedBlockFilesAreReadWithoutAskingTheWorkerAndReportedAfterwards() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK + 5, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    try (FerryClient client = FerryClient.create(cluster.conf(true))) {
      try (FerryInputStream first = client.openFile("/a")) {
        first.readAllBytes();
      }
      try (FerryInputStream second = client.openFile("/a")) {
        assertThat(second.readAllBytes()).isEqualTo(data);
      }
    }
    assertThat(worker.openLocalCalls.get()).isEqualTo(2); // the first read only
    assertThat(worker.reportedAccesses).containsExactlyInAnyOrder(BlockIds.of(fileId("/a"), 0),
        BlockIds.of(fileId("/a"), 1));
  }

  @Test
  void blockFileThatNoLongerMatchesItsChecksumIsNotReadDirectly() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    try (FerryClient client = FerryClient.create(cluster.conf(true))) {
      try (FerryInputStream first = client.openFile("/a")) {
        first.readAllBytes();
      }
      Path file = blockDir.resolve("worker-1").resolve(BlockFiles.fileName(BlockIds.of(fileId("/a"), 0),
          client.getStatus("/a").fingerprint()));
      byte[] corrupt = Files.readAllBytes(file);
      corrupt[7] ^= 1;
      Files.write(file, corrupt);

      try (FerryInputStream second = client.openFile("/a")) {
        assertThat(second.readAllBytes()).isEqualTo(data); // the worker wrote it again
      }
    }
    assertThat(worker.openLocalCalls.get()).isEqualTo(2);
  }

  @Test
  void blockFileOfAnotherFingerprintIsNotReadDirectly() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK, BLOCK, cluster.addresses.get(0));
    long blockId = BlockIds.of(fileId("/a"), 0);
    Files.write(blockDir.resolve("worker-0").resolve(BlockFiles.fileName(blockId, "fp-before-the-change")),
        new byte[BLOCK]);
    try (FerryClient client = FerryClient.create(cluster.conf(true));
        FerryInputStream in = client.openFile("/a")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(cluster.workers.get(0).openLocalCalls.get()).isEqualTo(1);
    assertThat(cluster.workers.get(0).reportedAccesses).isEmpty();
  }

  @Test
  void failsOverToAnotherWorkerMidBlockWithoutError() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK, BLOCK, cluster.addresses.get(0), cluster.addresses.get(1));
    cluster.workers.get(0).failReadsAfter = 3 * FakeWorker.CHUNK;
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    // the failed worker is excluded for the rest of the stream: block 1 comes from worker 1 only
    assertThat(cluster.workers.get(0).readBlockCalls.get()).isEqualTo(1);
    assertThat(cluster.workers.get(1).readBlockCalls.get()).isEqualTo(2);
  }

  @Test
  void failsOverToAnotherWorkerWhenAStreamStallsMidBlock() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK, BLOCK, cluster.addresses.get(0), cluster.addresses.get(1));
    cluster.workers.get(0).stallReadsAfter = 3 * FakeWorker.CHUNK;
    FerryConfiguration conf = cluster.conf(false).toBuilder()
        .set(PropertyKey.USER_READ_STALL_TIMEOUT, "300ms").build();
    try (FerryClient client = FerryClient.create(conf);
        FerryInputStream in = client.openFile("/a")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(cluster.workers.get(1).readBlockCalls.get()).isEqualTo(2);
  }

  @Test
  void failsNamingThePathWhenNoWorkerIsLeft() throws IOException {
    cluster.addFile("/a", BLOCK, BLOCK);
    cluster.workers.forEach(w -> w.failReadsAfter = 0);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
          .hasMessageContaining("No worker left to read block 0 of /a");
    }
  }

  @Test
  void uncachedBlockOfAnUnpersistedFileIsDataLost() throws IOException {
    cluster.master.addFile("/m", 10, BLOCK, false);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/m")) {
      assertThatThrownBy(in::read)
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_LOST))
          .hasMessageContaining("/m");
    }
  }

  @Test
  void openingAnIncompleteFileFails() throws IOException {
    cluster.master.inodes.put("/w", cluster.master.addFile("/w", 10, BLOCK, true).toBuilder()
        .setComplete(false).build());
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      assertThatThrownBy(() -> client.openFile("/w")).hasMessageContaining("/w").hasMessageContaining("being written");
    }
  }

  @Test
  void positionedReadDoesNotMoveThePosition() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      in.seek(10);
      byte[] b = new byte[100];
      assertThat(in.positionedRead(BLOCK - 50, b, 0, 100)).isEqualTo(100);
      assertThat(b).isEqualTo(Arrays.copyOfRange(data, BLOCK - 50, BLOCK + 50));
      assertThat(in.getPos()).isEqualTo(10);
      assertThat(in.read()).isEqualTo(data[10] & 0xff);
    }
  }

  @Test
  void seekSkipAndRemainingFollowThePosition() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK, BLOCK, cluster.addresses.get(0));
    try (FerryClient client = FerryClient.create(cluster.conf(true));
        FerryInputStream in = client.openFile("/a")) {
      in.seek(BLOCK + 3);
      assertThat(in.read()).isEqualTo(data[BLOCK + 3] & 0xff);
      in.seek(1);
      assertThat(in.skip(9)).isEqualTo(9);
      assertThat(in.read()).isEqualTo(data[10] & 0xff);
      assertThat(in.remaining()).isEqualTo(2L * BLOCK - 11);
      assertThat(in.skip(10L * BLOCK)).isEqualTo(2L * BLOCK - 11);
      assertThat(in.read()).isEqualTo(-1);
      assertThatThrownBy(() -> in.seek(2L * BLOCK + 1)).hasMessageContaining("/a");
    }
  }

  @Test
  void skipNeverMovesBackAndAvailableIsWhatIsLeft() throws IOException {
    cluster.addFile("/a", BLOCK, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      assertThat(in.available()).isEqualTo(BLOCK);
      in.seek(10);
      assertThat(in.skip(-5)).isZero();
      assertThat(in.getPos()).isEqualTo(10);
      assertThat(in.available()).isEqualTo(BLOCK - 10);
      in.skip(BLOCK);
      assertThat(in.available()).isZero();
    }
  }

  @Test
  void skipAndAvailableOfAClosedStreamFail() throws IOException {
    cluster.addFile("/a", BLOCK, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      FerryInputStream in = client.openFile("/a");
      in.close();
      assertThatThrownBy(() -> in.skip(1)).hasMessageContaining("closed");
      assertThatThrownBy(in::available).hasMessageContaining("closed");
    }
  }

  private long fileId(String path) {
    return cluster.master.inodes.get(path).getId();
  }

  @Test
  void emptyFileIsAtEndImmediately() throws IOException {
    cluster.addFile("/empty", 0, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/empty")) {
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void openingADirectoryFails() throws IOException {
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      assertThatThrownBy(() -> client.openFile("/"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IS_A_DIRECTORY));
    }
  }

  // A refused or failed short-circuit read streams the block from the same worker (issue 14, point 3).

  private byte[] readShortCircuit(String path) throws IOException {
    try (FerryClient client = FerryClient.create(cluster.conf(true));
        FerryInputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aBlockTheWorkerCannotKeepInItsCacheIsStreamedFromTheSameWorker() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK + 3, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    worker.refuseOpenLocal = Status.UNAVAILABLE.withDescription("Block 1 cannot be kept in this worker's cache");

    assertThat(readShortCircuit("/a")).isEqualTo(data);

    assertThat(worker.readBlockCalls.get()).isEqualTo(3);
    assertThat(cluster.workers.get(0).readBlockCalls.get()).isZero();
  }

  @Test
  void aBlockFileThisUserCannotOpenIsStreamedFromTheSameWorker() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK + 3, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    worker.openLocalNamesUnreadableFile = true;

    assertThat(readShortCircuit("/a")).isEqualTo(data);

    assertThat(worker.readBlockCalls.get()).isEqualTo(2);
    assertThat(cluster.workers.get(0).readBlockCalls.get()).isZero();
  }

  @Test
  void afterOneFailedShortCircuitTheStreamStopsTryingItOnThatWorker() throws IOException {
    cluster.addFile("/a", 3 * BLOCK, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    worker.openLocalNamesUnreadableFile = true;

    readShortCircuit("/a");

    assertThat(worker.openLocalCalls.get()).isEqualTo(1);
  }

  @Test
  void aWorkerWhoseShortCircuitAndStreamBothFailIsLeftForAnother() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK, BLOCK, cluster.addresses.get(0), cluster.addresses.get(1));
    FakeWorker failing = cluster.workers.get(0);
    failing.refuseOpenLocal = Status.INTERNAL.withDescription("disk gone");
    failing.failReadsAfter = 0;
    cluster.workers.get(1).refuseOpenLocal = Status.INTERNAL.withDescription("disk gone");

    assertThat(readShortCircuit("/a")).isEqualTo(data);

    assertThat(cluster.workers.get(1).readBlockCalls.get()).isEqualTo(2);
  }

  @Test
  void fileChangedInItsUfsBeforeAnyByteIsReadWholeAtItsCurrentVersion() throws IOException {
    cluster.addFile("/a", BLOCK + 10, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false))) {
      PathStatus listed = client.getStatus("/a");
      byte[] current = cluster.addFile("/a", 2 * BLOCK + 20, BLOCK);

      try (FerryInputStream in = client.openFile(listed)) {
        assertThat(in.readAllBytes()).isEqualTo(current);
        assertThat(in.length()).isEqualTo(current.length);
      }
    }
  }

  @Test
  void fileChangedInItsUfsAfterBytesWereReturnedFailsFileChanged() throws IOException {
    cluster.addFile("/a", 2 * BLOCK, BLOCK);
    try (FerryClient client = FerryClient.create(cluster.conf(false));
        FerryInputStream in = client.openFile("/a")) {
      in.readNBytes(BLOCK);
      cluster.addFile("/a", 3 * BLOCK, BLOCK);

      assertThatThrownBy(() -> in.readNBytes(BLOCK))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_CHANGED));
    }
  }
}
