package io.ferry.client;

import io.ferry.common.BlockIds;
import io.ferry.common.placement.WorkerPlacement;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The order in which a client tries workers. Pure: it sees the block's
 * locations, the live workers and which hosts are local, nothing else.
 */
public final class WorkerPreference {
  private WorkerPreference() {}

  /**
   * Workers to read a block from, best first: a local worker that holds it,
   * then the other holders, then (only if the block can be fetched from the
   * UFS) the live workers in rendezvous order, which read it through.
   * Excluded workers (by "host:port") are left out.
   */
  public static List<WorkerAddress> forRead(BlockInfo block, boolean fetchableFromUfs, List<WorkerInfo> live,
      Predicate<String> isLocalHost, Set<String> excluded) {
    Map<String, WorkerAddress> ordered = new LinkedHashMap<>();
    block.getLocationsList().stream().filter(w -> isLocalHost.test(w.getHost()))
        .forEach(w -> ordered.putIfAbsent(WorkerClients.key(w), w));
    block.getLocationsList().forEach(w -> ordered.putIfAbsent(WorkerClients.key(w), w));
    if (fetchableFromUfs) {
      rank(block.getBlockId(), live).forEach(w -> ordered.putIfAbsent(WorkerClients.key(w), w));
    }
    excluded.forEach(ordered::remove);
    return new ArrayList<>(ordered.values());
  }

  /** The worker a new file is written through: a local one if any, else block 0's first choice. */
  public static Optional<WorkerAddress> forWrite(long fileId, List<WorkerInfo> live,
      Predicate<String> isLocalHost) {
    return live.stream().map(WorkerInfo::getAddress).filter(w -> isLocalHost.test(w.getHost())).findFirst()
        .or(() -> rank(BlockIds.of(fileId, 0), live).stream().findFirst());
  }

  private static List<WorkerAddress> rank(long blockId, List<WorkerInfo> live) {
    return WorkerPlacement.rank(blockId, live).stream().map(WorkerInfo::getAddress).toList();
  }
}
