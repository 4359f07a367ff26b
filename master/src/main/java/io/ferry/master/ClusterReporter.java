package io.ferry.master;

import io.ferry.master.block.BlockLocations;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.MasterInfo;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerInfo;
import java.io.IOException;
import java.util.List;

/** Sums the cluster's state for `ferry report`. */
public final class ClusterReporter {
  private final String masterAddress;
  private final long startTimeMs;
  private final WorkerRegistry workers;
  private final BlockLocations locations;
  private final FileSystemMaster fs;

  /** The masters of an HA quorum with their roles and log indexes; none with one master. */
  @FunctionalInterface
  public interface Quorum {
    List<MasterInfo> masters() throws IOException;
  }

  private final Quorum quorum;

  public ClusterReporter(String masterAddress, long startTimeMs, WorkerRegistry workers, BlockLocations locations,
      FileSystemMaster fs, Quorum quorum) {
    this.quorum = quorum;
    this.masterAddress = masterAddress;
    this.startTimeMs = startTimeMs;
    this.workers = workers;
    this.locations = locations;
    this.fs = fs;
  }

  public ClusterReport report() throws IOException {
    List<WorkerInfo> live = workers.liveWorkers();
    ClusterReport.Builder b = ClusterReport.newBuilder()
        .setMasterAddress(masterAddress)
        .setStartTimeMs(startTimeMs)
        .addAllLiveWorkers(live)
        .setLostWorkers(workers.lostCount())
        .setCachedBlocks(locations.cachedBlockCount())
        .setInodeCount(fs.inodeCount())
        .addAllMasters(quorum.masters());
    long capacity = 0;
    long used = 0;
    long hits = 0;
    long misses = 0;
    for (WorkerInfo w : live) {
      for (TierUsage t : w.getTiersList()) {
        capacity += t.getCapacityBytes();
        used += t.getUsedBytes();
      }
      hits += w.getMetrics().getCacheHits();
      misses += w.getMetrics().getCacheMisses();
    }
    return b.setCapacityBytes(capacity).setUsedBytes(used).setCacheHits(hits).setCacheMisses(misses).build();
  }
}
