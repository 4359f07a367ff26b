package io.ferry.master.namespace;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.master.journal.proto.InodeRecord;

/**
 * When entries were last found unchanged in their UFS. These are freshness
 * hints kept in memory only: journaling them would cost a durable write
 * (and the exclusive pass) for every re-sync that changes nothing. A
 * forgotten hint (evicted, or lost with a master restart) only means the
 * entry is re-checked against the UFS once more.
 */
final class SyncTimes {
  private static final long MAX_HINTS = 1_000_000;

  private final Cache<Long, Long> syncedMsByInode = Caffeine.newBuilder().maximumSize(MAX_HINTS).build();

  /** The later of the journaled sync time and the hint. */
  long lastSyncedMs(InodeRecord inode) {
    Long hint = syncedMsByInode.getIfPresent(inode.getId());
    return hint == null ? inode.getSyncedMs() : Math.max(hint, inode.getSyncedMs());
  }

  void foundUnchanged(long inodeId, long nowMs) {
    syncedMsByInode.put(inodeId, nowMs);
  }
}
