package io.ferry.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UnderFileSystems;
import io.ferry.worker.TestData;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TieredBlockStoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockReadsTest {
  private static final int BLOCK = 64 << 10;
  private static final long FILE_ID = 1;

  @TempDir
  Path cacheDir;
  @TempDir
  Path ufsDir;

  private final WorkerCounters counters = new WorkerCounters();
  private CountingUnderFileSystem ufs;
  private BlockStore store;
  private BlockFetcher fetcher;
  private BlockReads reads;
  private byte[] fileBytes;
  private Path file;

  @BeforeEach
  void setUp() throws IOException {
    ufs = new CountingUnderFileSystem(UnderFileSystems.create(ufsDir.toString(), Map.of()));
    fileBytes = TestData.bytes(3 * BLOCK, 7);
    file = Files.write(ufsDir.resolve("data.bin"), fileBytes);
    open(16 * BLOCK, 4);
  }

  private void open(long capacity, int concurrency) throws IOException {
    if (fetcher != null) {
      fetcher.close();
    }
    store = new BlockStore(cacheDir, capacity);
    fetcher = new BlockFetcher(store, id -> ufs, concurrency, counters);
    reads = new BlockReads(store, fetcher,
        new PagedBlocks(cacheDir.resolve("pages"), BLOCK / 4, capacity, store, id -> ufs, counters), counters);
  }

  @AfterEach
  void tearDown() {
    fetcher.close();
  }

  @Test
  void missIsFetchedCachedAndThenServedFromTheCache() throws IOException {
    assertThat(read(source(1), false)).isEqualTo(blockBytes(1));
    assertThat(read(source(1), false)).isEqualTo(blockBytes(1));

    assertThat(ufs.opens()).isEqualTo(1);
    assertThat(store.get(blockId(1)).orElseThrow().fingerprint()).isEqualTo(source(1).getFingerprint());
    assertThat(counters.snapshot().getCacheMisses()).isEqualTo(1);
    assertThat(counters.snapshot().getCacheHits()).isEqualTo(1);
    assertThat(counters.snapshot().getUfsBytesRead()).isEqualTo(BLOCK);
  }

  @Test
  void hitsAreCountedUnderTheirTierWithTheBlockBytesAndMissesWithTheFetchedBytes() throws IOException {
    read(source(1), false);
    read(source(1), false);
    read(source(1), false);

    assertThat(counters.hitsByTier()).containsOnlyKeys("MEM");
    assertThat(counters.hitsByTier().get("MEM").blocks()).isEqualTo(2);
    assertThat(counters.hitsByTier().get("MEM").bytes()).isEqualTo(2L * BLOCK);
    assertThat(counters.cacheMissBytes()).isEqualTo(BLOCK);
  }

  @Test
  void blockReadDirectlyByAClientCountsAsAHit() throws IOException {
    read(source(1), false);

    reads.readDirectly(blockId(1));

    assertThat(counters.snapshot().getCacheHits()).isEqualTo(1);
    assertThat(counters.snapshot().getCacheMisses()).isEqualTo(1);
  }

  @Test
  void concurrentMissesOnOneBlockFetchItOnce() throws Exception {
    CountDownLatch gate = ufs.holdOpens();
    ExecutorService readers = Executors.newFixedThreadPool(8);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(readers.submit(() -> read(source(1), false)));
      }
      Thread.sleep(200); // let the readers pile up on the held fetch
      gate.countDown();
      for (Future<byte[]> r : results) {
        assertThat(r.get()).isEqualTo(blockBytes(1));
      }
    } finally {
      readers.shutdownNow();
    }
    assertThat(ufs.opens()).isEqualTo(1);
  }

  @Test
  void cachedCopyWithAnotherFingerprintIsStaleAndRefetched() throws IOException {
    read(source(1), false);
    byte[] changed = TestData.bytes(3 * BLOCK, 8);
    BlockSources.replace(file, changed);
    UfsBlockSource current = source(1);

    byte[] got = read(current, false);

    assertThat(got).isEqualTo(Arrays.copyOfRange(changed, BLOCK, 2 * BLOCK));
    assertThat(ufs.opens()).isEqualTo(2);
    assertThat(store.get(blockId(1)).orElseThrow().fingerprint()).isEqualTo(current.getFingerprint());
  }

  @Test
  void fetchOfAFileChangedSinceItsStatusFailsFileChangedAndCachesNothing() throws IOException {
    UfsBlockSource listed = source(1);
    BlockSources.replace(file, TestData.bytes(2 * BLOCK, 8));

    assertThatThrownBy(() -> read(listed, false))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_CHANGED))
        .hasMessageContaining(file.toString());
    assertThat(store.blockIds()).isEmpty();
    assertThat(cacheDir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void readerWithAnOlderStatusKeepsTheNewerCachedCopy() throws IOException {
    UfsBlockSource older = source(1);
    byte[] changed = TestData.bytes(3 * BLOCK, 8);
    BlockSources.replace(file, changed);
    UfsBlockSource current = source(1);
    read(current, false);

    assertThatThrownBy(() -> read(older, false))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_CHANGED));

    assertThat(store.get(blockId(1)).orElseThrow().fingerprint()).isEqualTo(current.getFingerprint());
    assertThat(read(current, false)).isEqualTo(Arrays.copyOfRange(changed, BLOCK, 2 * BLOCK));
    assertThat(ufs.opens()).isEqualTo(2);
  }

  @Test
  void cachedBlockThatNoLongerMatchesItsChecksumIsDroppedAndReadAgain() throws IOException {
    read(source(1), false);
    TieredBlockStoreTest.flipByte(store.get(blockId(1)).orElseThrow().path(), 10);

    assertThat(read(source(1), false)).isEqualTo(blockBytes(1));

    assertThat(ufs.opens()).isEqualTo(2);
    assertThat(counters.snapshot().getCorruptBlocks()).isEqualTo(1);
    assertThat(read(source(1), false)).isEqualTo(blockBytes(1));
    assertThat(ufs.opens()).isEqualTo(2);
  }

  @Test
  void memoryBlockCheckedBeforeIsReadyWithoutWaiting() throws IOException {
    read(source(1), false); // fetched
    read(source(1), false); // served from the cache, checked against its checksum

    try (OpenBlock block = reads.openIfReady(blockId(1), source(1)).orElseThrow()) {
      byte[] bytes = new byte[(int) block.length()];
      block.map(0, block.length()).get(bytes);
      assertThat(bytes).isEqualTo(blockBytes(1));
    }
    assertThat(ufs.opens()).isEqualTo(1);
  }

  @Test
  void blockNeverCheckedIsNotReady() throws IOException {
    read(source(1), false);

    assertThat(reads.openIfReady(blockId(1), source(1))).isEmpty();
  }

  @Test
  void blockChangedSinceItsCheckIsNotReady() throws IOException {
    read(source(1), false);
    read(source(1), false);
    TieredBlockStoreTest.flipByte(store.get(blockId(1)).orElseThrow().path(), 10);

    assertThat(reads.openIfReady(blockId(1), source(1))).isEmpty();
  }

  @Test
  void staleBlockIsNotReady() throws IOException {
    read(source(1), false);
    read(source(1), false);
    BlockSources.replace(file, TestData.bytes(3 * BLOCK, 8));

    assertThat(reads.openIfReady(blockId(1), source(1))).isEmpty();
  }

  @Test
  void ufsFileShorterThanTheBlockFailsWithDataLostNamingTheFile() throws IOException {
    Files.write(file, Arrays.copyOf(fileBytes, BLOCK + 100));
    UfsBlockSource asLongAsBefore = source(1); // the file's status, with the length the master had before

    assertThatThrownBy(() -> read(asLongAsBefore, false))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATA_LOST))
        .hasMessageContaining(file.toString());
    assertThat(store.blockIds()).isEmpty();
    assertThat(cacheDir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void noCacheMissIsServedWithoutBeingCached() throws IOException {
    assertThat(read(source(1), true)).isEqualTo(blockBytes(1));

    assertThat(store.blockIds()).isEmpty();
    assertThat(cacheDir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void blockOfARequestNamingNoVersionIsCachedAsTheVersionReadAndEvictable() throws IOException {
    UfsBlockSource unversioned = source(1).toBuilder().setFingerprint("").build();

    assertThat(read(unversioned, false)).isEqualTo(blockBytes(1));

    assertThat(store.get(blockId(1)).orElseThrow().fingerprint()).isEqualTo(source(1).getFingerprint());
    assertThat(read(unversioned, false)).isEqualTo(blockBytes(1));
    assertThat(ufs.opens()).isEqualTo(1);
  }

  @Test
  void blockOfAnObjectWithoutAVersionIsServedButNotCachedAsACacheOnlyBlock() throws IOException {
    ufs.tellNoVersion(); // an S3 object without an ETag
    UfsBlockSource unversioned = source(1).toBuilder().setFingerprint("").build();

    try (OpenBlock block = reads.open(blockId(1), unversioned, false)) {
      assertThat(block.cachedPath()).isEmpty(); // waits for the fetch to end
    }

    assertThat(store.blockIds()).isEmpty();
  }

  @Test
  void blockLargerThanTheCacheIsServedWithoutBeingCached() throws IOException {
    open(BLOCK / 2, 4);

    assertThat(read(source(1), false)).isEqualTo(blockBytes(1));

    assertThat(store.blockIds()).isEmpty();
  }

  @Test
  void blockEvictedRightAfterItsFetchIsStillServed() throws IOException {
    open(BLOCK, 4);
    read(source(0), false);
    read(source(0), false); // block 0 is now hotter than a newcomer

    assertThat(read(source(2), false)).isEqualTo(blockBytes(2));
  }

  @Test
  void noMoreFetchesRunAtOnceThanTheConcurrencyLimit() throws Exception {
    open(16 * BLOCK, 1);
    CountDownLatch gate = ufs.holdOpens();
    ExecutorService readers = Executors.newFixedThreadPool(3);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int index = 0; index < 3; index++) {
        UfsBlockSource source = source(index);
        results.add(readers.submit(() -> read(source, false)));
      }
      Thread.sleep(200);
      gate.countDown();
      for (int index = 0; index < 3; index++) {
        assertThat(results.get(index).get()).isEqualTo(blockBytes(index));
      }
    } finally {
      readers.shutdownNow();
    }
    assertThat(ufs.maxOpenStreams()).isEqualTo(1);
  }

  @Test
  void uncachedBlockWithoutASourceIsNotFound() {
    assertThatThrownBy(() -> reads.open(blockId(0), null, false))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining(Long.toString(blockId(0)));
  }

  private byte[] read(UfsBlockSource source, boolean noCache) throws IOException {
    try (OpenBlock block = reads.open(blockId((int) (source.getBlockStart() / BLOCK)), source, noCache)) {
      byte[] bytes = new byte[(int) block.length()];
      block.map(0, block.length()).get(bytes);
      return bytes;
    }
  }

  /** The source of a block of the file as it is now. */
  private UfsBlockSource source(int index) throws IOException {
    return BlockSources.current(ufs, file, index, BLOCK);
  }

  private static long blockId(int index) {
    return BlockIds.of(FILE_ID, index);
  }

  private byte[] blockBytes(int index) {
    return Arrays.copyOfRange(fileBytes, index * BLOCK, (index + 1) * BLOCK);
  }
}
