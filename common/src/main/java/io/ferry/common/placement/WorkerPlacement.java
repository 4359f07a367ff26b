package io.ferry.common.placement;

import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerInfo;
import java.util.List;

/**
 * The target workers of a block: live workers ranked by rendezvous hashing,
 * weighted by their total tier capacity. Clients (which worker reads a miss
 * through) and the master's replication checker (where copies go, which
 * extra copies are trimmed) rank the same way.
 */
public final class WorkerPlacement {
  private WorkerPlacement() {}

  /** The live workers, best target of {@code blockId} first. */
  public static List<WorkerInfo> rank(long blockId, List<WorkerInfo> live) {
    return RendezvousHashing.rank(blockId, live,
        w -> w.getAddress().getHost() + ":" + w.getAddress().getRpcPort(), WorkerPlacement::capacity);
  }

  private static long capacity(WorkerInfo worker) {
    return worker.getTiersList().stream().mapToLong(TierUsage::getCapacityBytes).sum();
  }
}
