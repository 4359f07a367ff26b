package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.MasterInfo;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerInfo;
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
    ClusterReport r = client.getClusterReport();
    out.println("master: " + r.getMasterAddress());
    for (MasterInfo m : r.getMastersList()) {
      // HA: "leader: host:port log_index=N", "follower: host:port log_index=N"
      out.println(m.getRole() + ": " + m.getAddress() + " log_index=" + m.getLogIndex());
    }
    out.println("started: " + Formats.time(r.getStartTimeMs()));
    out.println("inodes: " + r.getInodeCount());
    out.println("live_workers: " + r.getLiveWorkersCount());
    out.println("lost_workers: " + r.getLostWorkers());
    out.println("capacity: " + Formats.bytes(r.getCapacityBytes()) + " (" + r.getCapacityBytes() + " bytes)");
    out.println("used: " + Formats.bytes(r.getUsedBytes()) + " (" + r.getUsedBytes() + " bytes, "
        + Formats.percent(r.getUsedBytes(), r.getCapacityBytes()) + ")");
    tierTotals(r).forEach((alias, t) -> out.println("tier " + alias + ": " + Formats.bytes(t[1]) + " used of "
        + Formats.bytes(t[0]) + " (" + Formats.percent(t[1], t[0]) + ")"));
    out.println("cached_blocks: " + r.getCachedBlocks());
    out.println("cache_hits: " + r.getCacheHits());
    out.println("cache_misses: " + r.getCacheMisses());
    out.println("cache_hit_ratio: " + Formats.percent(r.getCacheHits(), r.getCacheHits() + r.getCacheMisses()));
    out.println();
    out.println(String.format(Locale.ROOT, ROW, "ID", "ADDRESS", "CAPACITY", "USED", "BLOCKS", "HITS", "MISSES",
        "LAST HEARTBEAT", "TIERS (used/capacity)"));
    for (WorkerInfo w : r.getLiveWorkersList()) {
      long capacity = w.getTiersList().stream().mapToLong(TierUsage::getCapacityBytes).sum();
      long used = w.getTiersList().stream().mapToLong(TierUsage::getUsedBytes).sum();
      out.println(String.format(Locale.ROOT, ROW, w.getAddress().getWorkerId(),
          w.getAddress().getHost() + ":" + w.getAddress().getRpcPort(), Formats.bytes(capacity), Formats.bytes(used),
          w.getBlockCount(), w.getMetrics().getCacheHits(), w.getMetrics().getCacheMisses(),
          Formats.time(w.getLastHeartbeatMs()), tiers(w)));
    }
  }

  /** Capacity and used bytes of each tier alias summed over the live workers, in tier order. */
  private static Map<String, long[]> tierTotals(ClusterReport r) {
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (WorkerInfo w : r.getLiveWorkersList()) {
      for (TierUsage t : w.getTiersList()) {
        long[] sum = totals.computeIfAbsent(t.getAlias(), a -> new long[2]);
        sum[0] += t.getCapacityBytes();
        sum[1] += t.getUsedBytes();
      }
    }
    return totals;
  }

  private static String tiers(WorkerInfo w) {
    return w.getTiersList().stream()
        .map(t -> t.getAlias() + " " + Formats.bytes(t.getUsedBytes()) + "/" + Formats.bytes(t.getCapacityBytes()))
        .collect(Collectors.joining(", "));
  }
}
