package io.ferry.client;

import java.util.List;
import java.util.Optional;

/**
 * What the master knows of a file or directory.
 *
 * @param path the absolute Ferry path
 * @param name the last component of the path ("" for the root)
 * @param mode POSIX permission bits
 * @param ufsUri the file's URI in its under storage (never credentials)
 * @param mountId the mount the path belongs to
 * @param fingerprint the under-storage fingerprint the metadata was loaded from; "" if not persisted
 * @param complete false while a writer has the file open
 * @param persisted true when the bytes exist in the under storage
 * @param replication how many workers should cache each block
 * @param mountPoint true for the directory a mount is attached at
 * @param cachedBytes bytes of the file's blocks held by at least one live worker
 * @param ttl its time to live, if it has one
 * @param pinned true if the workers never evict its blocks (`ferry fs pin`)
 * @param blocks the blocks with their cached locations, only when asked for
 *     ({@link StatusOptions#withBlocks}); may leave blocks out
 * @param capability with authentication on, what workers ask for to read the
 *     file's blocks (with its blocks) or write it (a created file): signed by
 *     the master, opaque here; "" otherwise
 */
public record PathStatus(long id, String path, String name, boolean isDirectory, long length, long blockSize,
    long mtimeMs, String owner, String group, int mode, String ufsUri, long mountId, String fingerprint,
    boolean complete, boolean persisted, int replication, boolean mountPoint, long cachedBytes,
    Optional<TimeToLive> ttl, boolean pinned, List<FileBlock> blocks, String capability) {
  public PathStatus {
    blocks = List.copyOf(blocks);
  }

  public PathStatus withLength(long value) {
    return new PathStatus(id, path, name, isDirectory, value, blockSize, mtimeMs, owner, group, mode, ufsUri, mountId,
        fingerprint, complete, persisted, replication, mountPoint, cachedBytes, ttl, pinned, blocks, capability);
  }

  public PathStatus withMode(int value) {
    return new PathStatus(id, path, name, isDirectory, length, blockSize, mtimeMs, owner, group, value, ufsUri, mountId,
        fingerprint, complete, persisted, replication, mountPoint, cachedBytes, ttl, pinned, blocks, capability);
  }

  public PathStatus withMtimeMs(long value) {
    return new PathStatus(id, path, name, isDirectory, length, blockSize, value, owner, group, mode, ufsUri, mountId,
        fingerprint, complete, persisted, replication, mountPoint, cachedBytes, ttl, pinned, blocks, capability);
  }

  /** The same status with another capability (a renewed one); this one where it already has it. */
  public PathStatus withCapability(String value) {
    if (value.equals(capability)) {
      return this;
    }
    return new PathStatus(id, path, name, isDirectory, length, blockSize, mtimeMs, owner, group, mode, ufsUri, mountId,
        fingerprint, complete, persisted, replication, mountPoint, cachedBytes, ttl, pinned, blocks, value);
  }

  /** Complete, and empty (no length, no blocks). */
  public PathStatus asCompleteEmpty() {
    return new PathStatus(id, path, name, isDirectory, 0, blockSize, mtimeMs, owner, group, mode, ufsUri, mountId,
        fingerprint, true, persisted, replication, mountPoint, 0, ttl, pinned, List.of(), capability);
  }
}
