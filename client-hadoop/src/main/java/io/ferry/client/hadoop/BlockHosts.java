package io.ferry.client.hadoop;

import io.ferry.client.FileBlock;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerEndpoint;
import io.ferry.client.WorkerPreference;
import io.ferry.client.WorkerStatus;
import io.ferry.common.BlockIds;
import io.ferry.common.error.FerryException;
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
    List<WorkerStatus> get() throws FerryException;
  }

  /**
   * The blocks of {@code file} (a status with its blocks) that overlap
   * {@code [start, start + len)}.
   */
  static BlockLocation[] of(PathStatus file, long start, long len, LiveWorkers liveWorkers) throws FerryException {
    long end = Math.min(file.length(), start + len);
    if (file.isDirectory() || start >= end) {
      return new BlockLocation[0];
    }
    Map<Integer, FileBlock> cached = new HashMap<>();
    file.blocks().forEach(b -> cached.put(BlockIds.index(b.blockId()), b));
    long blockSize = file.blockSize();
    List<BlockLocation> out = new ArrayList<>();
    List<WorkerStatus> live = null;
    for (int i = (int) (start / blockSize); (long) i * blockSize < end; i++) {
      long offset = (long) i * blockSize;
      FileBlock block = cached.getOrDefault(i,
          new FileBlock(BlockIds.of(file.id(), i), offset, Math.min(blockSize, file.length() - offset), List.of()));
      List<WorkerEndpoint> workers = block.locations();
      if (workers.isEmpty()) {
        live = live != null ? live : liveWorkers.get();
        workers = placement(block, file, live);
      }
      String[] hosts = workers.stream().map(WorkerEndpoint::host).toArray(String[]::new);
      String[] names = workers.stream().map(WorkerEndpoint::hostPort).toArray(String[]::new);
      out.add(new BlockLocation(names, hosts, block.offset(), block.length()));
    }
    return out.toArray(new BlockLocation[0]);
  }

  private static List<WorkerEndpoint> placement(FileBlock block, PathStatus file, List<WorkerStatus> liveWorkers) {
    List<WorkerEndpoint> ranked = WorkerPreference.forRead(block, true, liveWorkers, host -> false, Set.of());
    return ranked.subList(0, Math.min(ranked.size(), Math.max(1, file.replication())));
  }
}
