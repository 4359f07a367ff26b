package io.ferry.worker.fetch;

import io.ferry.common.DaemonThreads;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.LoadBlock;
import io.ferry.proto.LoadBlockResult;
import io.ferry.proto.LoadBlockResult.Outcome;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.BlockStore;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Caches the blocks of load-job batches through the same {@link BlockFetcher}
 * readers use, so a block a reader misses at the same time is fetched from
 * the UFS once. Load fetches run on a pool of {@code slots} threads, each
 * waiting for its fetch: load jobs hold at most that many of the fetcher's
 * slots, and readers' misses always find the others free.
 */
public final class BlockLoader implements Closeable {
  private final BlockStore store;
  private final BlockFetcher fetcher;
  private final int slots;
  private final ExecutorService pool;

  public BlockLoader(BlockStore store, BlockFetcher fetcher, int slots) {
    this.store = store;
    this.fetcher = fetcher;
    this.slots = slots;
    this.pool = Executors.newFixedThreadPool(slots, DaemonThreads.numbered("ferry-load"));
  }

  /**
   * Loads a batch, at most {@code parallelism} blocks at once (0 = every load
   * slot), and returns one result per block in order. Once {@code cancelled}
   * is true, blocks not started yet fail as cancelled.
   */
  public List<LoadBlockResult> load(List<LoadBlock> blocks, int parallelism, BooleanSupplier cancelled)
      throws FerryException {
    Semaphore inFlight = new Semaphore(parallelism <= 0 ? slots : Math.min(parallelism, slots));
    List<CompletableFuture<LoadBlockResult>> results = new ArrayList<>(blocks.size());
    for (LoadBlock block : blocks) {
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while loading blocks");
      }
      if (cancelled.getAsBoolean()) {
        inFlight.release();
        results.add(CompletableFuture.completedFuture(
            failed(block, ErrorCode.UNAVAILABLE, "the load request was cancelled")));
        continue;
      }
      results.add(CompletableFuture.supplyAsync(() -> loadOne(block), pool)
          .whenComplete((r, t) -> inFlight.release()));
    }
    return results.stream().map(CompletableFuture::join).toList();
  }

  private LoadBlockResult loadOne(LoadBlock block) {
    long length = block.getSource().getBlockLength();
    try {
      if (isCached(block)) {
        return result(block, Outcome.ALREADY_CACHED).build();
      }
      if (!store.fits(length)) {
        return failed(block, ErrorCode.INVALID_ARGUMENT, "block of " + length
            + " bytes does not fit in this worker's cache of " + store.capacity() + " bytes");
      }
      try (OpenBlock open = fetcher.fetch(block.getBlockId(), block.getSource(), true)) {
        if (open.cachedPath().isEmpty()) {
          return failed(block, ErrorCode.UNAVAILABLE, "the block was fetched but not kept in the cache");
        }
      }
      return result(block, Outcome.LOADED).build();
    } catch (IOException | RuntimeException e) {
      FerryException fe = GrpcErrors.asFerryException(e);
      return failed(block, fe.code(), fe.getMessage());
    }
  }

  private boolean isCached(LoadBlock block) {
    Optional<BlockMeta> cached = store.get(block.getBlockId());
    return cached.isPresent() && cached.get().fingerprint().equals(block.getSource().getFingerprint());
  }

  private static LoadBlockResult.Builder result(LoadBlock block, Outcome outcome) {
    return LoadBlockResult.newBuilder().setBlockId(block.getBlockId()).setOutcome(outcome);
  }

  private static LoadBlockResult failed(LoadBlock block, ErrorCode code, String message) {
    return result(block, Outcome.FAILED).setErrorCode(code.name()).setMessage(message).build();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
