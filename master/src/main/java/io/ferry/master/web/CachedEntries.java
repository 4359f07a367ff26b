package io.ferry.master.web;

import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.web.WebEntry;
import java.util.TreeSet;

/** How much of a file is cached and on which workers, from its FileInfo with block locations. */
final class CachedEntries {
  private CachedEntries() {}

  static WebEntry of(FileInfo withBlocks) {
    TreeSet<String> workers = new TreeSet<>();
    for (BlockInfo block : withBlocks.getBlocksList()) {
      for (WorkerAddress w : block.getLocationsList()) {
        workers.add(w.getHost() + ":" + w.getRpcPort());
      }
    }
    return WebEntry.newBuilder().setFile(withBlocks.toBuilder().clearBlocks()).setCachedBytes(withBlocks.getCachedBytes())
        .addAllCachedOn(workers).build();
  }
}
