package io.ferry.master.load;

import io.ferry.common.placement.RendezvousHashing;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerInfo;
import java.util.List;

/**
 * Where a load job puts a block: the first {@code replicas} workers in the
 * rendezvous order clients use to pick the worker that reads a block through
 * (identity "host:port", weight = capacity), so readers find what was loaded.
 */
final class LoadPlacement {
  private LoadPlacement() {}

  static List<WorkerInfo> targets(long blockId, List<WorkerInfo> live, int replicas) {
    List<WorkerInfo> ranked = RendezvousHashing.rank(blockId, live,
        w -> w.getAddress().getHost() + ":" + w.getAddress().getRpcPort(),
        w -> w.getTiersList().stream().mapToLong(TierUsage::getCapacityBytes).sum());
    return ranked.subList(0, Math.min(replicas, ranked.size()));
  }
}
