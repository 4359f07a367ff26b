package io.ferry.worker.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.proto.LoadBlock;
import io.ferry.proto.LoadBlockResult;
import io.ferry.proto.LoadBlockResult.Outcome;
import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UnderFileSystems;
import io.ferry.worker.TestData;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

class BlockLoaderTest {
  private static final int BLOCK = 16 << 10;
  private static final int BLOCKS = 8;
  private static final int FETCH_SLOTS = 4;
  private static final int LOAD_SLOTS = 2;

  @TempDir Path cacheDir;
  @TempDir Path ufsDir;

  private CountingUnderFileSystem ufs;
  private BlockStore store;
  private BlockFetcher fetcher;
  private BlockReads reads;
  private BlockLoader loader;
  private Path file;

  @BeforeEach
  void setUp() throws IOException {
    ufs = new CountingUnderFileSystem(UnderFileSystems.create(ufsDir.toString(), Map.of()));
    file = Files.write(ufsDir.resolve("data.bin"), TestData.bytes(BLOCKS * BLOCK, 3));
    store = new BlockStore(cacheDir, 4L * BLOCKS * BLOCK);
    WorkerCounters counters = new WorkerCounters();
    fetcher = new BlockFetcher(store, id -> ufs, FETCH_SLOTS, counters);
    reads = new BlockReads(store, fetcher,
        new PagedBlocks(cacheDir.resolve("pages"), BLOCK, BLOCK, store, id -> ufs, counters), counters);
    loader = new BlockLoader(store, fetcher, LOAD_SLOTS);
  }

  @AfterEach
  void tearDown() {
    loader.close();
    fetcher.close();
  }

  @Test
  void everyBlockOfABatchIsFetchedOnceAndCached() throws Exception {
    List<LoadBlockResult> results = loader.load(blocks(0, BLOCKS), 0, () -> false);

    assertThat(results).extracting(LoadBlockResult::getOutcome).containsOnly(Outcome.LOADED).hasSize(BLOCKS);
    assertThat(store.blockIds()).hasSize(BLOCKS);
    assertThat(ufs.opens()).isEqualTo(BLOCKS);
  }

  @Test
  void blocksAlreadyCachedAreSkippedWithoutAFetch() throws Exception {
    loader.load(blocks(0, 2), 0, () -> false);

    List<LoadBlockResult> results = loader.load(blocks(0, 4), 0, () -> false);

    assertThat(results).extracting(LoadBlockResult::getOutcome)
        .containsExactly(Outcome.ALREADY_CACHED, Outcome.ALREADY_CACHED, Outcome.LOADED, Outcome.LOADED);
    assertThat(ufs.opens()).isEqualTo(4);
  }

  @Test
  void aBlockAReaderMissesWhileTheJobFetchesItComesFromTheUfsOnce() throws Exception {
    CountDownLatch gate = ufs.holdOpens();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<LoadBlockResult>> load = pool.submit(() -> loader.load(blocks(0, 1), 0, () -> false));
      Thread.sleep(200); // the job's fetch is held at the UFS
      Future<Long> reader = pool.submit(() -> {
        try (OpenBlock block = reads.open(blockId(0), source(0), false)) {
          return block.length();
        }
      });
      Thread.sleep(200);
      gate.countDown();

      assertThat(load.get().get(0).getOutcome()).isEqualTo(Outcome.LOADED);
      assertThat(reader.get()).isEqualTo(BLOCK);
    } finally {
      pool.shutdownNow();
    }
    assertThat(ufs.opens()).isEqualTo(1);
  }

  @Test
  void loadJobsUseNoMoreThanTheirFetchSlotsSoReadersKeepTheRest() throws Exception {
    CountDownLatch gate = ufs.holdOpens();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<LoadBlockResult>> load = pool.submit(() -> loader.load(blocks(0, BLOCKS), 0, () -> false));
      Thread.sleep(200); // as many fetches as the job may run pile up at the UFS
      gate.countDown();
      assertThat(load.get()).hasSize(BLOCKS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(ufs.maxOpenStreams()).isEqualTo(LOAD_SLOTS);
  }

  @Test
  void aBatchFetchesNoMoreBlocksAtOnceThanItsParallelism() throws Exception {
    loader.load(blocks(0, BLOCKS), 1, () -> false);

    assertThat(ufs.maxOpenStreams()).isEqualTo(1);
  }

  @Test
  void blocksNotStartedWhenTheRequestIsCancelledFailAndAreNotFetched() throws Exception {
    List<LoadBlockResult> results = loader.load(blocks(0, BLOCKS), 1, () -> true);

    assertThat(results).extracting(LoadBlockResult::getOutcome).containsOnly(Outcome.FAILED);
    assertThat(results.get(0).getMessage()).contains("cancelled");
    assertThat(ufs.opens()).isZero();
  }

  @Test
  void aBlockTheUfsCannotServeFailsWithItsErrorCodeAndTheOthersLoad() throws Exception {
    List<LoadBlock> batch = new ArrayList<>(blocks(0, 2));
    batch.add(LoadBlock.newBuilder().setBlockId(BlockIds.of(2, 0)).setSource(source(0).toBuilder()
        .setUfsUri(ufsDir.resolve("missing.bin").toString())).build());

    List<LoadBlockResult> results = loader.load(batch, 0, () -> false);

    assertThat(results).extracting(LoadBlockResult::getOutcome)
        .containsExactly(Outcome.LOADED, Outcome.LOADED, Outcome.FAILED);
    assertThat(results.get(2).getErrorCode()).isEqualTo("NOT_FOUND");
    assertThat(results.get(2).getMessage()).contains("missing.bin");
  }

  private List<LoadBlock> blocks(int from, int to) throws IOException {
    List<LoadBlock> blocks = new ArrayList<>();
    for (int i = from; i < to; i++) {
      blocks.add(LoadBlock.newBuilder().setBlockId(blockId(i)).setSource(source(i)).build());
    }
    return blocks;
  }

  private UfsBlockSource source(int index) throws IOException {
    return BlockSources.current(ufs, file, index, BLOCK);
  }

  private static long blockId(int index) {
    return BlockIds.of(1, index);
  }
}
