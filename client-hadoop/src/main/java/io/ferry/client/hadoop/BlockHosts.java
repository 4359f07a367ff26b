package io.ferry.client.hadoop;

import io.ferry.client.WorkerPreference;
import io.ferry.common.BlockIds;
import io.ferry.common.error.FerryException;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.BlockLocation;

/**
 * Where the blocks of a file are, for schedulers (Spark puts a task next to
 * its split's data): the workers that hold a cached copy of each block, else
 * the workers placement picks to cache it (rendezvous hashing over the live
 * workers, as readers choose), as many as the file's replication.
 */
final class BlockHosts {
  private BlockHosts() {}

  /** The live workers, asked for only when a block is cached nowhere. */
  @FunctionalInterface
  interface LiveWorkers {
    List<WorkerInfo> get() throws FerryException;
  }

  /**
   * The blocks of {@code file} (a status with its blocks) that overlap
   * {@code [start, start + len)}.
   */
  static BlockLocation[] of(FileInfo file, long start, long len, LiveWorkers liveWorkers) throws FerryException {
    long end = Math.min(file.getLength(), start + len);
    if (file.getIsDirectory() || start >= end) {
      return new BlockLocation[0];
    }
    Map<Integer, BlockInfo> cached = new HashMap<>();
    file.getBlocksList().forEach(b -> cached.put(BlockIds.index(b.getBlockId()), b));
    long blockSize = file.getBlockSize();
    List<BlockLocation> out = new ArrayList<>();
    List<WorkerInfo> live = null;
    for (int i = (int) (start / blockSize); (long) i * blockSize < end; i++) {
      long offset = (long) i * blockSize;
      BlockInfo block = cached.getOrDefault(i, BlockInfo.newBuilder()
          .setBlockId(BlockIds.of(file.getId(), i))
          .setOffset(offset)
          .setLength(Math.min(blockSize, file.getLength() - offset))
          .build());
      List<WorkerAddress> workers = block.getLocationsList();
      if (workers.isEmpty()) {
        live = live != null ? live : liveWorkers.get();
        workers = placement(block, file, live);
      }
      String[] hosts = workers.stream().map(WorkerAddress::getHost).toArray(String[]::new);
      String[] names = workers.stream().map(w -> w.getHost() + ":" + w.getRpcPort()).toArray(String[]::new);
      out.add(new BlockLocation(names, hosts, block.getOffset(), block.getLength()));
    }
    return out.toArray(new BlockLocation[0]);
  }

  private static List<WorkerAddress> placement(BlockInfo block, FileInfo file, List<WorkerInfo> liveWorkers) {
    List<WorkerAddress> ranked = WorkerPreference.forRead(block, true, liveWorkers, host -> false, Set.of());
    return ranked.subList(0, Math.min(ranked.size(), Math.max(1, file.getReplication())));
  }
}
