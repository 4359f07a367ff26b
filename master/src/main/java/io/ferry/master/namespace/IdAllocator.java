package io.ferry.master.namespace;

import io.ferry.master.metastore.MetaStore;

/**
 * Hands out inode and mount ids. The next values are journaled with the
 * entries that use them, so ids are never reused after a restart (a reused
 * file id would make stale cached blocks look current).
 */
final class IdAllocator {
  /** Ids start at 1; the root inode is the first. */
  private long nextInodeId;
  private long nextMountId;

  IdAllocator(MetaStore store) {
    reload(store);
  }

  /** Takes the next ids from the store: at start, and when this master becomes the leader. */
  synchronized void reload(MetaStore store) {
    this.nextInodeId = Math.max(1, store.nextInodeId());
    this.nextMountId = Math.max(1, store.nextMountId());
  }

  synchronized long nextInodeId() {
    return nextInodeId++;
  }

  synchronized long nextMountId() {
    return nextMountId++;
  }

  synchronized long peekInodeId() {
    return nextInodeId;
  }

  synchronized long peekMountId() {
    return nextMountId;
  }
}
