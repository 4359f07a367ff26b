package io.ferry.cli;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.client.WorkerStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code ferry report}: the master, the live workers and the cluster's totals. */
@Command(name = "report",
    description = "Show the cluster: master (with HA: leader, followers and their log indexes), live workers, "
        + "capacity, cache hit ratio.",
    mixinStandardHelpOptions = true)
final class ReportCommand extends ClientCommand {
  private static final String ROW = "%-14s %-28s %12s %12s %10s %10s %10s  %-20s %s";

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    ClusterStatus r = client.getClusterReport();
    out.println("master: " + r.masterAddress());
    for (ClusterStatus.Master m : r.masters()) {
      // HA: "leader: host:port log_index=N", "follower: host:port log_index=N"
      out.println(m.role() + ": " + m.address() + " log_index=" + m.logIndex());
    }
    out.println("started: " + Formats.time(r.startTimeMs()));
    out.println("inodes: " + r.inodeCount());
    out.println("live_workers: " + r.liveWorkers().size());
    out.println("lost_workers: " + r.lostWorkers());
    out.println("capacity: " + Formats.bytes(r.capacityBytes()) + " (" + r.capacityBytes() + " bytes)");
    out.println("used: " + Formats.bytes(r.usedBytes()) + " (" + r.usedBytes() + " bytes, "
        + Formats.percent(r.usedBytes(), r.capacityBytes()) + ")");
    tierTotals(r).forEach((alias, t) -> out.println("tier " + alias + ": " + Formats.bytes(t[1]) + " used of "
        + Formats.bytes(t[0]) + " (" + Formats.percent(t[1], t[0]) + ")"));
    out.println("cached_blocks: " + r.cachedBlocks());
    out.println("cache_hits: " + r.cacheHits());
    out.println("cache_misses: " + r.cacheMisses());
    out.println("cache_hit_ratio: " + Formats.percent(r.cacheHits(), r.cacheHits() + r.cacheMisses()));
    out.println();
    out.println(String.format(Locale.ROOT, ROW, "ID", "ADDRESS", "CAPACITY", "USED", "BLOCKS", "HITS", "MISSES",
        "LAST HEARTBEAT", "TIERS (used/capacity)"));
    for (WorkerStatus w : r.liveWorkers()) {
      long capacity = w.capacityBytes();
      long used = w.tiers().stream().mapToLong(WorkerStatus.Tier::usedBytes).sum();
      out.println(String.format(Locale.ROOT, ROW, w.endpoint().workerId(),
          w.endpoint().hostPort(), Formats.bytes(capacity), Formats.bytes(used),
          w.blockCount(), w.counters().cacheHits(), w.counters().cacheMisses(),
          Formats.time(w.lastHeartbeatMs()), tiers(w)));
    }
  }

  /** Capacity and used bytes of each tier alias summed over the live workers, in tier order. */
  private static Map<String, long[]> tierTotals(ClusterStatus r) {
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (WorkerStatus w : r.liveWorkers()) {
      for (WorkerStatus.Tier t : w.tiers()) {
        long[] sum = totals.computeIfAbsent(t.alias(), a -> new long[2]);
        sum[0] += t.capacityBytes();
        sum[1] += t.usedBytes();
      }
    }
    return totals;
  }

  private static String tiers(WorkerStatus w) {
    return w.tiers().stream()
        .map(t -> t.alias() + " " + Formats.bytes(t.usedBytes()) + "/" + Formats.bytes(t.capacityBytes()))
        .collect(Collectors.joining(", "));
  }
}
