package io.ferry.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UnderFileSystems;
import io.ferry.worker.TestData;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A miss fetched from an object store is read as its bytes arrive, not once the whole block is in. */
class StreamedFetchTest {
  private static final int BLOCK = 1 << 20;
  private static final int HALF = BLOCK / 2;
  private static final long FILE_ID = 1;

  @TempDir
  Path cacheDir;
  @TempDir
  Path ufsDir;

  private TricklingUnderFileSystem ufs;
  private BlockStore store;
  private BlockFetcher fetcher;
  private BlockReads reads;
  private byte[] fileBytes;
  private Path file;

  @BeforeEach
  void setUp() throws IOException {
    ufs = new TricklingUnderFileSystem(UnderFileSystems.create(ufsDir.toString(), Map.of()));
    fileBytes = TestData.bytes(BLOCK, 3);
    file = Files.write(ufsDir.resolve("object.bin"), fileBytes);
    WorkerCounters counters = new WorkerCounters();
    store = new BlockStore(cacheDir, 16L * BLOCK);
    fetcher = new BlockFetcher(store, id -> ufs, 2, counters);
    reads = new BlockReads(store, fetcher,
        new PagedBlocks(cacheDir.resolve("pages"), BLOCK / 4, BLOCK, store, id -> ufs, counters), counters);
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
  }

  @Test
  void firstBytesOfAMissAreReadBeforeTheRestIsFetched() throws IOException {
    ufs.allow(HALF);

    try (OpenBlock block = reads.open(blockId(), source(), false)) {
      assertThat(bytes(block.map(0, HALF))).isEqualTo(Arrays.copyOf(fileBytes, HALF));
      assertThat(block.complete()).isFalse();

      ufs.allow(BLOCK - HALF);
      assertThat(bytes(block.map(HALF, BLOCK - HALF))).isEqualTo(Arrays.copyOfRange(fileBytes, HALF, BLOCK));
    }
  }

  @Test
  void blockStreamedToItsReaderIsStillCachedWhole() throws IOException {
    ufs.allow(BLOCK);

    try (OpenBlock block = reads.open(blockId(), source(), false)) {
      assertThat(block.cachedPath()).isPresent();
    }

    assertThat(store.get(blockId()).orElseThrow().length()).isEqualTo(BLOCK);
  }

  @Test
  void sendingARangeSendsWhatIsInWithoutWaitingForTheRest() throws Exception {
    ufs.allow(HALF);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    try (OpenBlock block = reads.open(blockId(), source(), false)) {
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sendAll(block, sent));

      waitUntilSent(sent, HALF);
      assertThat(sending).isNotDone();
      ufs.allow(BLOCK - HALF);
      sending.get(30, TimeUnit.SECONDS);
    }

    assertThat(sent.toByteArray()).isEqualTo(fileBytes);
  }

  @Test
  void fetchBrokenMidwayFailsTheReadOfTheMissingBytesAndCachesNothing() throws IOException {
    ufs.allow(HALF);

    try (OpenBlock block = reads.open(blockId(), source(), false)) {
      assertThat(bytes(block.map(0, HALF))).isEqualTo(Arrays.copyOf(fileBytes, HALF));
      ufs.breakConnection();

      assertThatThrownBy(() -> block.map(HALF, BLOCK - HALF)).hasMessageContaining("broke");
      assertThatThrownBy(block::cachedPath).hasMessageContaining("broke");
    }
    assertThat(store.blockIds()).isEmpty();
  }

  @Test
  void readerJoiningAFetchUnderWayReadsTheBlockFromItsStart() throws IOException {
    ufs.allow(HALF);
    try (OpenBlock first = reads.open(blockId(), source(), false)) {
      first.map(0, HALF);

      try (OpenBlock second = reads.open(blockId(), source(), false)) {
        ufs.allow(BLOCK - HALF);
        assertThat(bytes(second.map(0, BLOCK))).isEqualTo(fileBytes);
      }
    }
  }

  private static void sendAll(OpenBlock block, ByteArrayOutputStream out) {
    try {
      block.sendTo(Channels.newChannel(out), 0, BLOCK);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntilSent(ByteArrayOutputStream sent, int bytes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (sent.size() < bytes && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sent.size()).isEqualTo(bytes);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private long blockId() {
    return BlockIds.of(FILE_ID, 0);
  }

  private UfsBlockSource source() throws IOException {
    return BlockSources.current(ufs, file, 0, BLOCK);
  }
}
