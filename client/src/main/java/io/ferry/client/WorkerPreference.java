package io.ferry.client;

import io.ferry.common.BlockIds;
import io.ferry.common.placement.RendezvousHashing;
import java.util.ArrayList;
import java.util.HashSet;
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
  public static List<WorkerEndpoint> forRead(FileBlock block, boolean fetchableFromUfs, List<WorkerStatus> live,
      Predicate<String> isLocalHost, Set<String> excluded) {
    Map<String, WorkerEndpoint> ordered = new LinkedHashMap<>();
    block.locations().stream().filter(w -> isLocalHost.test(w.host()))
        .forEach(w -> ordered.putIfAbsent(w.hostPort(), w));
    block.locations().forEach(w -> ordered.putIfAbsent(w.hostPort(), w));
    if (fetchableFromUfs) {
      rank(block.blockId(), live).forEach(w -> ordered.putIfAbsent(w.hostPort(), w));
    }
    excluded.forEach(ordered::remove);
    return new ArrayList<>(ordered.values());
  }

  /** The worker a new file is written through: a local one if any, else block 0's first choice. */
  public static Optional<WorkerEndpoint> forWrite(long fileId, List<WorkerStatus> live,
      Predicate<String> isLocalHost) {
    return live.stream().map(WorkerStatus::endpoint).filter(w -> isLocalHost.test(w.host())).findFirst()
        .or(() -> rank(BlockIds.of(fileId, 0), live).stream().findFirst());
  }

  /**
   * The {@code copies} workers a new file is written to at once (ASYNC_THROUGH's durable copies), all the live
   * ones if there are fewer: {@link #forWrite}'s first, then block 0's ranking, workers on hosts not chosen yet
   * before a second worker of a host.
   */
  public static List<WorkerEndpoint> forWrite(long fileId, List<WorkerStatus> live, Predicate<String> isLocalHost,
      int copies) {
    List<WorkerEndpoint> chosen = new ArrayList<>();
    forWrite(fileId, live, isLocalHost).ifPresent(chosen::add);
    List<WorkerEndpoint> rest = new ArrayList<>(rank(BlockIds.of(fileId, 0), live));
    rest.removeAll(chosen);
    Set<String> hosts = new HashSet<>();
    chosen.forEach(w -> hosts.add(w.host()));
    List<WorkerEndpoint> newHostsFirst = new ArrayList<>();
    List<WorkerEndpoint> sameHosts = new ArrayList<>();
    for (WorkerEndpoint w : rest) {
      (hosts.add(w.host()) ? newHostsFirst : sameHosts).add(w);
    }
    newHostsFirst.addAll(sameHosts);
    for (WorkerEndpoint w : newHostsFirst) {
      if (chosen.size() >= copies) {
        break;
      }
      chosen.add(w);
    }
    return chosen;
  }

  /** The live workers in the master's placement order ({@code WorkerPlacement}: by host:port and capacity). */
  private static List<WorkerEndpoint> rank(long blockId, List<WorkerStatus> live) {
    return RendezvousHashing.rank(blockId, live, w -> w.endpoint().hostPort(), WorkerStatus::capacityBytes)
        .stream().map(WorkerStatus::endpoint).toList();
  }
}
