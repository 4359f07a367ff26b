package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.LocalAddresses;
import io.ferry.common.BlockFiles;
import io.ferry.common.error.FerryException;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
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

  private DataPlacement() {}

  /** Bytes of {@code files} by tier alias (MEM, SSD…), {@link #REMOTE} or {@link #UNCACHED}. */
  public static Map<String, Long> of(FerryClient client, List<FileInfo> files) throws FerryException {
    Map<Long, List<TierUsage>> tiersByWorker = new HashMap<>();
    for (WorkerInfo w : client.getWorkers()) {
      tiersByWorker.put(w.getAddress().getWorkerId(), w.getTiersList());
    }
    LocalAddresses local = new LocalAddresses();
    Map<String, Long> bytes = new HashMap<>();
    for (FileInfo listed : files) {
      FileInfo file = client.getStatus(listed.getPath(), true);
      for (BlockInfo block : file.getBlocksList()) {
        String where = block.getLocationsList().isEmpty() ? UNCACHED : REMOTE;
        for (WorkerAddress worker : block.getLocationsList()) {
          if (local.isLocal(worker.getHost())) {
            where = tierHolding(worker, tiersByWorker.getOrDefault(worker.getWorkerId(), List.of()), block, file);
            break;
          }
        }
        bytes.merge(where, block.getLength(), Long::sum);
      }
    }
    return bytes;
  }

  /** The alias of the tier whose directory holds the block's file (tier directories and usages are fastest first). */
  private static String tierHolding(WorkerAddress worker, List<TierUsage> tiers, BlockInfo block, FileInfo file) {
    String name = BlockFiles.fileName(block.getBlockId(), file.getFingerprint());
    for (int i = 0; i < worker.getTierDirsCount(); i++) {
      if (Files.exists(Path.of(worker.getTierDirs(i), name))) {
        return i < tiers.size() ? tiers.get(i).getAlias() : "tier-" + i;
      }
    }
    return UNCACHED; // listed at the worker, gone from its directories since (evicted)
  }
}
