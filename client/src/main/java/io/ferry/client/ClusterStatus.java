package io.ferry.client;

import java.util.List;

/**
 * The master's view of the cluster ({@code ferry report}).
 *
 * @param capacityBytes the capacity of every live worker's tiers
 * @param masters every master of an HA quorum; empty with one master
 */
public record ClusterStatus(String masterAddress, long startTimeMs, List<WorkerStatus> liveWorkers, int lostWorkers,
    long capacityBytes, long usedBytes, long cachedBlocks, long cacheHits, long cacheMisses, long inodeCount,
    List<Master> masters) {
  public ClusterStatus {
    liveWorkers = List.copyOf(liveWorkers);
    masters = List.copyOf(masters);
  }

  /**
   * One master of an HA quorum, as its leader sees it.
   *
   * @param address its RPC address (host:port)
   * @param role leader or follower
   * @param logIndex the leader's last applied index; a follower's match index
   */
  public record Master(String address, String role, long logIndex) {}
}
