package io.ferry.worker.block;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The bytes of one tier held by blocks it never evicts: blocks that exist
 * only in the cache (a MUST_CACHE write: no under-storage copy, an empty
 * fingerprint), committed ("pinned") or still being written ("reserved"),
 * and blocks of pinned files (`ferry fs pin`). The tier's eviction index gets
 * what is left of the capacity, so room for them is made by evicting only
 * other blocks, and a cache-only write that would need more than the tier has
 * fails without evicting any kept block.
 */
final class UnevictableSpace {
  private final long capacity;
  private final LongConsumer evictableCapacity;
  private long pinned;
  private long reserved;

  /** {@code evictableCapacity} gets the capacity left to evictable blocks after each change. */
  UnevictableSpace(long capacity, LongConsumer evictableCapacity) {
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
    return pinIf(fromReserved, length, () -> true);
  }

  synchronized void unpin(long length) {
    pinned -= length;
    resized();
  }

  /**
   * Keeps a block of {@code length} bytes that {@code takeOut} takes out of the
   * eviction index (false: it is gone), if there is room beside the other kept
   * bytes; true if it is kept. Taken out first, so its room is not evicted.
   */
  synchronized boolean keep(long length, BooleanSupplier takeOut) {
    return pinIf(0, length, takeOut);
  }

  private boolean pinIf(long fromReserved, long length, BooleanSupplier taken) {
    if (pinned + reserved - fromReserved + length > capacity || !taken.getAsBoolean()) {
      return false;
    }
    reserved -= fromReserved;
    pinned += length;
    resized();
    return true;
  }

  /**
   * Makes a kept block of {@code length} bytes evictable again: its room goes
   * to the index first, then {@code putBack} puts it there (false: it is gone).
   */
  synchronized void makeEvictable(long length, BooleanSupplier putBack) {
    unpin(length);
    if (!putBack.getAsBoolean()) {
      pinned += length; // removed meanwhile: its remover gives the room back
      resized();
    }
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
