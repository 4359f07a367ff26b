package io.ferry.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.PartialBlockReport;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UnderFileSystems;
import io.ferry.worker.TestData;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads of part of a block not cached whole: only the pages they touch are fetched and cached, and a block
 * whose pages were all read becomes a whole cached block.
 */
class PagedBlocksTest {
  private static final int PAGE = 4 << 10;
  private static final int BLOCK = 16 * PAGE;

  @TempDir
  Path cacheDir;
  @TempDir
  Path ufsDir;

  private final WorkerCounters counters = new WorkerCounters();
  private CountingUnderFileSystem ufs;
  private BlockStore store;
  private BlockFetcher fetcher;
  private PagedBlocks pages;
  private BlockReads reads;
  private byte[] fileBytes;
  private Path file;

  @BeforeEach
  void setUp() throws IOException {
    ufs = new CountingUnderFileSystem(UnderFileSystems.create(ufsDir.toString(), Map.of()));
    fileBytes = TestData.bytes(3 * BLOCK, 5);
    file = Files.write(ufsDir.resolve("data.bin"), fileBytes);
    store = new BlockStore(cacheDir, 16L * BLOCK);
    fetcher = new BlockFetcher(store, id -> ufs, 4, counters);
    pages = new PagedBlocks(cacheDir.resolve("pages"), PAGE, 4 * PAGE, store, id -> ufs, counters);
    reads = new BlockReads(store, fetcher, pages, counters);
  }

  @AfterEach
  void tearDown() {
    pages.close();
    fetcher.close();
  }

  @Test
  void aReadOfPartOfABlockFetchesOnlyThePagesItTouches() throws IOException {
    assertThat(readRange(1, PAGE + 100, 2 * PAGE)).isEqualTo(fileRange(1, PAGE + 100, 2 * PAGE));

    assertThat(counters.snapshot().getUfsBytesRead()).isEqualTo(3 * PAGE);
    assertThat(pages.bytes()).isEqualTo(3 * PAGE);
    assertThat(store.blockIds()).isEmpty();
  }

  @Test
  void aReadStartingWhereTheLastEndedFetchesTwiceItsLengthAhead() throws IOException {
    readRange(1, 0, PAGE);

    readRange(1, PAGE, PAGE);

    assertThat(counters.snapshot().getUfsBytesRead()).isEqualTo(4 * PAGE); // page 0, then pages 1 to 3
    assertThat(readRange(1, 2 * PAGE, 2 * PAGE)).isEqualTo(fileRange(1, 2 * PAGE, 2 * PAGE));
    assertThat(ufs.opens()).isEqualTo(2);
  }

  @Test
  void readAheadDoublesWithEachSequentialReadHitsIncluded() throws IOException {
    for (int page = 0; page < 4; page++) {
      readRange(1, page * PAGE, PAGE); // fetches page 0, then pages 1 to 3 (2 ahead); pages 2 and 3 are hits
    }

    readRange(1, 4 * PAGE, PAGE); // 16 pages ahead by now: the rest of the block

    assertThat(ufs.opens()).isEqualTo(3);
    assertThat(counters.snapshot().getUfsBytesRead()).isEqualTo(BLOCK);
  }

  @Test
  void aReadElsewhereInTheBlockFetchesNoReadAhead() throws IOException {
    readRange(1, 0, PAGE);
    readRange(1, PAGE, PAGE);
    long before = counters.snapshot().getUfsBytesRead();

    readRange(1, 10 * PAGE, PAGE);

    assertThat(counters.snapshot().getUfsBytesRead() - before).isEqualTo(PAGE);
  }

  @Test
  void pagesReadAgainAreHitsWithoutTheUfs() throws IOException {
    readRange(1, PAGE, PAGE);

    assertThat(readRange(1, PAGE + 10, 100)).isEqualTo(fileRange(1, PAGE + 10, 100));

    assertThat(ufs.opens()).isEqualTo(1);
    assertThat(counters.snapshot().getCacheHits()).isEqualTo(1);
    assertThat(counters.snapshot().getCacheMisses()).isEqualTo(1);
  }

  @Test
  void aRangeOverPresentAndMissingPagesFetchesOnlyTheMissingOnes() throws IOException {
    readRange(0, PAGE, PAGE);

    assertThat(readRange(0, 0, 3 * PAGE)).isEqualTo(fileRange(0, 0, 3 * PAGE));

    assertThat(ufs.opens()).isEqualTo(3); // page 1, then pages 0 and 2 apart
    assertThat(counters.snapshot().getUfsBytesRead()).isEqualTo(3 * PAGE);
  }

  @Test
  void aPartiallyCachedBlockIsNotServedAsAWholeBlock() throws IOException {
    readRange(2, 0, PAGE);

    try (OpenBlock whole = reads.open(request(2, 0, -1))) {
      byte[] bytes = new byte[BLOCK];
      whole.map(0, BLOCK).get(bytes);
      assertThat(bytes).isEqualTo(fileRange(2, 0, BLOCK));
    }

    assertThat(store.blockIds()).containsExactly(blockId(2));
    assertThat(pages.bytes()).isZero(); // the whole block replaced the partial copy
  }

  @Test
  void aBlockCachedWholeServesRangesWithoutFetchingPages() throws IOException {
    reads.open(request(0, 0, -1)).close();

    assertThat(readRange(0, 5 * PAGE, PAGE)).isEqualTo(fileRange(0, 5 * PAGE, PAGE));

    assertThat(ufs.opens()).isEqualTo(1);
    assertThat(pages.bytes()).isZero();
  }

  @Test
  void aBlockWhosePagesHaveAllBeenReadBecomesAWholeCachedBlock() throws IOException {
    readRange(1, 0, BLOCK / 2);
    readRange(1, BLOCK / 2, BLOCK / 2);

    assertThat(store.get(blockId(1)).orElseThrow().length()).isEqualTo(BLOCK);
    assertThat(pages.bytes()).isZero();
    assertThat(readRange(1, 100, 200)).isEqualTo(fileRange(1, 100, 200)); // from the whole block, checked
    assertThat(ufs.opens()).isEqualTo(2);
  }

  @Test
  void pagesBeyondTheCapacityEvictTheLeastRecentlyUsedBlock() throws IOException {
    readRange(0, 0, 2 * PAGE);
    readRange(1, 0, 2 * PAGE);
    readRange(2, 0, 2 * PAGE);

    assertThat(pages.bytes()).isEqualTo(4 * PAGE);
    readRange(0, 0, PAGE);
    assertThat(ufs.opens()).isEqualTo(4); // block 0 had left
  }

  @Test
  void aPartiallyCachedBlockIsReportedWithTheBytesOfItsPresentPages() throws IOException {
    readRange(1, PAGE + 100, 2 * PAGE);

    assertThat(pages.changes().snapshot().blocks()).containsExactly(report(1, 3 * PAGE));
    assertThat(pages.all()).containsExactly(report(1, 3 * PAGE));
  }

  @Test
  void aReportedPartialBlockThatIsDroppedIsReportedWithNoBytes() throws IOException {
    readRange(1, 0, PAGE);
    pages.changes().acknowledge(pages.changes().snapshot());

    pages.drop(blockId(1));

    assertThat(pages.changes().snapshot().blocks()).containsExactly(report(1, 0));
    assertThat(pages.all()).isEmpty();
  }

  @Test
  void aBlockCachedWholeFromItsPagesIsNoLongerReportedAsPartial() throws IOException {
    readRange(1, 0, BLOCK / 2);
    readRange(1, BLOCK / 2, BLOCK / 2);

    assertThat(pages.changes().snapshot().blocks()).containsExactly(report(1, 0));
  }

  @Test
  void aReadOfAFileChangedSinceItsStatusFailsFileChangedAndKeepsNoPage() throws IOException {
    UfsBlockSource listed = source(1);
    BlockSources.replace(file, TestData.bytes(3 * BLOCK, 6));

    assertThatThrownBy(() -> reads.open(request(listed, 0, PAGE)).close())
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_CHANGED));
    assertThat(pages.bytes()).isZero();
  }

  @Test
  void aRangeOutsideTheBlockFailsBeforeAnyFetch() {
    assertThatThrownBy(() -> reads.open(request(0, BLOCK - 10, 20)).close())
        .isInstanceOfSatisfying(FerryException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(ufs.opens()).isZero();
  }

  private byte[] readRange(int index, int offset, int length) throws IOException {
    try (OpenBlock block = reads.open(request(index, offset, length))) {
      byte[] bytes = new byte[length];
      block.map(offset, length).get(bytes);
      return bytes;
    }
  }

  private ReadBlockRequest request(int index, long offset, long length) throws IOException {
    return request(source(index), offset, length);
  }

  private static ReadBlockRequest request(UfsBlockSource source, long offset, long length) {
    return ReadBlockRequest.newBuilder().setBlockId(blockId((int) (source.getBlockStart() / BLOCK)))
        .setOffset(offset).setLength(length).setSource(source).build();
  }

  private UfsBlockSource source(int index) throws IOException {
    return BlockSources.current(ufs, file, index, BLOCK);
  }

  private static PartialBlockReport report(int index, long cachedBytes) {
    return PartialBlockReport.newBuilder().setBlockId(blockId(index)).setCachedBytes(cachedBytes).build();
  }

  private static long blockId(int index) {
    return BlockIds.of(1, index);
  }

  private byte[] fileRange(int index, int offset, int length) {
    return Arrays.copyOfRange(fileBytes, index * BLOCK + offset, index * BLOCK + offset + length);
  }
}
