package io.ferry.master.web;

import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.web.WebEntry;
import java.util.TreeSet;

/** How much of a file is cached and where, from its FileInfo with block locations. */
final class CachedEntries {
  private CachedEntries() {}

  static WebEntry of(FileInfo withBlocks) {
    long cached = 0;
    TreeSet<String> workers = new TreeSet<>();
    for (BlockInfo block : withBlocks.getBlocksList()) {
      if (block.getLocationsCount() > 0) {
        cached += block.getLength();
      }
      for (WorkerAddress w : block.getLocationsList()) {
        workers.add(w.getHost() + ":" + w.getRpcPort());
      }
    }
    return WebEntry.newBuilder().setFile(withBlocks.toBuilder().clearBlocks()).setCachedBytes(cached)
        .addAllCachedOn(workers).build();
  }
}
