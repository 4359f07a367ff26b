package io.ferry.worker.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.common.DaemonThreads;
import java.io.Closeable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts reads of blocks served from a lower tier and moves a block one tier
 * up once it was read {@code threshold} times, in the background so the read
 * that triggers it does not wait for the copy. Counts are kept for recently
 * read blocks only.
 *
 * <p>A promotion only fills free room: it never pushes another block down.
 * On a full upper tier each promotion would demote a block, and a reader
 * cycling over a dataset larger than the upper tier (a training epoch) would
 * move every block up and down every epoch: two copies per block read, no hit
 * gained, and the FUSE benchmark at half speed with its data over MEM and SSD.
 * A block read often from a disk tier is served from the page cache anyway.
 */
final class Promotions implements Closeable {
  private static final int TRACKED_BLOCKS = 100_000;

  private final int threshold;
  private final Cache<Long, AtomicInteger> reads = Caffeine.newBuilder().maximumSize(TRACKED_BLOCKS).build();
  private final ExecutorService mover = Executors.newSingleThreadExecutor(DaemonThreads.numbered("ferry-promotion"));

  Promotions(int threshold) {
    this.threshold = threshold;
  }

  /** A read of {@code meta} from tier {@code from}; promotes it into {@code to} when it is read often. */
  void readFromLowerTier(BlockMeta meta, StorageTier from, StorageTier to) {
    AtomicInteger count = reads.get(meta.blockId(), id -> new AtomicInteger());
    if (count.incrementAndGet() < threshold) {
      return;
    }
    reads.invalidate(meta.blockId());
    try {
      mover.execute(() -> promote(meta, from, to));
    } catch (RejectedExecutionException e) {
      // shutting down: the block stays where it is
    }
  }

  private static void promote(BlockMeta meta, StorageTier from, StorageTier to) {
    if (to.hasRoomFor(meta.length()) && to.adopt(meta).isPresent() && to.get(meta.blockId()).isPresent()) {
      from.forget(meta); // still in the upper tier (its policy may have refused it): drop the lower copy
      to.promoted();
    }
  }

  @Override
  public void close() {
    mover.shutdownNow();
  }
}
