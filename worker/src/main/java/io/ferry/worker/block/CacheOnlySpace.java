package io.ferry.worker.block;

import java.util.function.LongConsumer;

/**
 * The bytes of one tier held by blocks that exist only in the cache (a
 * MUST_CACHE write: no under-storage copy, an empty fingerprint), committed
 * ("pinned") or still being written ("reserved"). They are never evicted:
 * the tier's eviction index gets what is left of the capacity, so room for
 * them is made by evicting only blocks the under storage also holds, and a
 * write that would need more than the tier has fails without evicting any
 * cache-only block.
 */
final class CacheOnlySpace {
  private final long capacity;
  private final LongConsumer evictableCapacity;
  private long pinned;
  private long reserved;

  /** {@code evictableCapacity} gets the capacity left to evictable blocks after each change. */
  CacheOnlySpace(long capacity, LongConsumer evictableCapacity) {
    this.capacity = capacity;
    this.evictableCapacity = evictableCapacity;
  }

  /** Reserves room for bytes about to be written; false (nothing reserved) if the tier cannot hold them. */
  synchronized boolean reserve(long bytes) {
    if (pinned + reserved + bytes > capacity) {
      return false;
    }
    reserved += bytes;
    resized();
    return true;
  }

  synchronized void release(long bytes) {
    reserved -= bytes;
    resized();
  }

  /**
   * Turns {@code fromReserved} reserved bytes into a committed block of
   * {@code length} bytes; false (nothing changed) if that does not fit.
   */
  synchronized boolean pin(long fromReserved, long length) {
    if (pinned + reserved - fromReserved + length > capacity) {
      return false;
    }
    reserved -= fromReserved;
    pinned += length;
    resized();
    return true;
  }

  synchronized void unpin(long length) {
    pinned -= length;
    resized();
  }

  synchronized long pinned() {
    return pinned;
  }

  /** The bytes pinned or reserved: none of them can go to evictable blocks. */
  synchronized long held() {
    return pinned + reserved;
  }

  private void resized() {
    evictableCapacity.accept(capacity - pinned - reserved);
  }
}
