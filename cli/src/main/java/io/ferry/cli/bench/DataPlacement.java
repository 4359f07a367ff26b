package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.FileBlock;
import io.ferry.client.LocalAddresses;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerEndpoint;
import io.ferry.client.WorkerStatus;
import io.ferry.common.BlockFiles;
import io.ferry.common.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a dataset's bytes sit now: in which tier of a worker on this host
 * (found in the worker's tier directories), on a worker of another host, or
 * in no cache at all. A benchmark prints it so that a figure says what it
 * measured (a "warm" pass half served from the SSD tier measures the SSD tier).
 */
public final class DataPlacement {
  static final String REMOTE = "remote";
  static final String UNCACHED = "uncached";
  /** Cached by a worker of this host that keeps its tier directories private (authentication on). */
  static final String LOCAL_PRIVATE = "local-private-tier";

  private DataPlacement() {}

  /** Bytes of {@code files} by tier alias (MEM, SSD…), {@link #REMOTE} or {@link #UNCACHED}. */
  public static Map<String, Long> of(FerryClient client, List<PathStatus> files) throws FerryException {
    Map<Long, List<WorkerStatus.Tier>> tiersByWorker = new HashMap<>();
    for (WorkerStatus w : client.getWorkers()) {
      tiersByWorker.put(w.endpoint().workerId(), w.tiers());
    }
    LocalAddresses local = new LocalAddresses();
    Map<String, Long> bytes = new HashMap<>();
    for (PathStatus listed : files) {
      PathStatus file = client.getStatus(listed.path(), true);
      for (FileBlock block : file.blocks()) {
        String where = block.locations().isEmpty() ? UNCACHED : REMOTE;
        for (WorkerEndpoint worker : block.locations()) {
          if (local.isLocal(worker.host())) {
            where = tierHolding(worker, tiersByWorker.getOrDefault(worker.workerId(), List.of()), block, file);
            break;
          }
        }
        bytes.merge(where, block.length(), Long::sum);
      }
    }
    return bytes;
  }

  /** The alias of the tier whose directory holds the block's file (tier directories and usages are fastest first). */
  private static String tierHolding(WorkerEndpoint worker, List<WorkerStatus.Tier> tiers, FileBlock block,
      PathStatus file) {
    if (worker.tierDirs().isEmpty()) {
      return LOCAL_PRIVATE;
    }
    String name = BlockFiles.fileName(block.blockId(), file.fingerprint());
    for (int i = 0; i < worker.tierDirs().size(); i++) {
      if (Files.exists(Path.of(worker.tierDirs().get(i), name))) {
        return i < tiers.size() ? tiers.get(i).alias() : "tier-" + i;
      }
    }
    return UNCACHED; // listed at the worker, gone from its directories since (evicted)
  }
}
