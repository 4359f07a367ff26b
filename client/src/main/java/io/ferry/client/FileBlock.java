package io.ferry.client;

import java.util.List;

/**
 * One fixed-size piece of a file and the workers that cache it.
 *
 * @param blockId {@code (file id << 24) | index}, see {@code BlockIds}
 * @param offset where the block starts in its file
 * @param locations the workers that hold a cached copy
 */
public record FileBlock(long blockId, long offset, long length, List<WorkerEndpoint> locations) {
  public FileBlock {
    locations = List.copyOf(locations);
  }
}
