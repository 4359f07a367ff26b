package io.ferry.common.placement;

import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The target workers of a block: live workers ranked by rendezvous hashing,
 * weighted by their total tier capacity, then spread over hosts: the best
 * worker of each host comes before any second worker of a host, so the first
 * k targets are on k different hosts whenever there are k hosts. Clients
 * (which worker reads a miss through), load jobs (where loaded copies go) and
 * the master's replication checker (where copies go, which extra copies are
 * trimmed) rank the same way.
 */
public final class WorkerPlacement {
  private WorkerPlacement() {}

  /** The live workers, best target of {@code blockId} first. */
  public static List<WorkerInfo> rank(long blockId, List<WorkerInfo> live) {
    return spreadOverHosts(RendezvousHashing.rank(blockId, live,
        w -> w.getAddress().getHost() + ":" + w.getAddress().getRpcPort(), WorkerPlacement::capacity));
  }

  /** {@code ranked} with each host's first worker ahead of every host's others, order kept otherwise. */
  private static List<WorkerInfo> spreadOverHosts(List<WorkerInfo> ranked) {
    Set<String> seen = new HashSet<>();
    List<WorkerInfo> firsts = new ArrayList<>(ranked.size());
    List<WorkerInfo> others = new ArrayList<>();
    for (WorkerInfo w : ranked) {
      (seen.add(w.getAddress().getHost()) ? firsts : others).add(w);
    }
    firsts.addAll(others);
    return firsts;
  }

  private static long capacity(WorkerInfo worker) {
    return worker.getTiersList().stream().mapToLong(TierUsage::getCapacityBytes).sum();
  }
}
