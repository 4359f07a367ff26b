package io.ferry.client;

import java.util.List;

/**
 * One fixed-size piece of a file and the workers that cache it.
 *
 * @param blockId {@code (file id << 24) | index}, see {@code BlockIds}
 * @param offset where the block starts in its file
 * @param cachedBytes bytes of the block cached: its length when a worker holds it whole, else the
 *     most pages one worker holds (page-granular caching)
 * @param locations the workers that hold a whole cached copy
 */
public record FileBlock(long blockId, long offset, long length, long cachedBytes, List<WorkerEndpoint> locations) {
  public FileBlock {
    locations = List.copyOf(locations);
  }

  /** A block held whole by {@code locations}, or not cached at all when there are none. */
  public FileBlock(long blockId, long offset, long length, List<WorkerEndpoint> locations) {
    this(blockId, offset, length, locations.isEmpty() ? 0 : length, locations);
  }
}
