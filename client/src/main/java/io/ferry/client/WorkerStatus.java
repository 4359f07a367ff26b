package io.ferry.client;

import java.util.List;

/**
 * A live worker as the master last heard of it.
 *
 * @param tiers its cache tiers, fastest first
 * @param blockCount the blocks it caches
 * @param counters cumulative since the worker started
 */
public record WorkerStatus(WorkerEndpoint endpoint, List<Tier> tiers, long blockCount, long lastHeartbeatMs,
    Counters counters) {
  public WorkerStatus {
    tiers = List.copyOf(tiers);
  }

  /** The capacity of all its tiers. */
  public long capacityBytes() {
    return tiers.stream().mapToLong(Tier::capacityBytes).sum();
  }

  /** One cache tier of a worker (MEM, SSD...). */
  public record Tier(String alias, long capacityBytes, long usedBytes) {}

  /**
   * What a worker has served.
   *
   * @param cacheHits block reads served from the cache
   * @param cacheMisses block reads that had to fetch from the under storage
   * @param corruptBlocks cached blocks dropped because they did not match their checksum
   * @param replicatedBlocks blocks copied from another worker for the replication checker
   */
  public record Counters(long cacheHits, long cacheMisses, long ufsBytesRead, long bytesServed,
      long corruptBlocks, long replicatedBlocks) {}
}
