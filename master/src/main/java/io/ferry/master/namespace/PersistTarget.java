package io.ferry.master.namespace;

/**
 * A file a persist job is to write to the under storage: where it is at the
 * moment the job starts ({@code path}, {@code ufsUri}) and what it holds.
 * {@code completedMs} is when it was completed (its mtime), from which the
 * job's initial wait counts.
 */
public record PersistTarget(long fileId, String path, long mountId, String ufsUri, long length, long blockSize,
    long completedMs) {
  /** How many blocks the file has. */
  public long blockCount() {
    return blockSize <= 0 ? 0 : (length + blockSize - 1) / blockSize;
  }
}
