package io.ferry.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@code ferry bench random}: latency and reads per second of
 * the cold, UFS and warm passes over the same ranges, and the bytes the
 * workers fetched from the under storage in the cold pass per byte it read.
 */
public record RandomBenchResult(String path, int reads, int size, long seed, OpStats cold, OpStats ufs, OpStats warm,
    double ufsBytesFetchedRatio, BenchConditions conditions) {

  public String toJson() {
    JsonObject json = new JsonObject()
        .put("path", path)
        .put("reads", reads)
        .put("read_bytes", size)
        .put("seed", seed);
    for (OpStats p : passes()) {
      json.put(p.name() + "_p50_ms", p.percentileMs(50))
          .put(p.name() + "_p99_ms", p.percentileMs(99))
          .put(p.name() + "_iops", p.opsPerSec());
    }
    json.put("ufs_bytes_fetched_ratio", ufsBytesFetchedRatio);
    return conditions.addTo(json).toString();
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Random read benchmark of %s: %d reads of %d bytes per pass (seed %d)%n", path, reads, size, seed));
    sb.append(String.format(Locale.ROOT, "%-6s %10s %10s %10s%n", "pass", "reads/s", "p50 ms", "p99 ms"));
    for (OpStats p : passes()) {
      sb.append(String.format(Locale.ROOT, "%-6s %10.1f %10.3f %10.3f%n", p.name(), p.opsPerSec(),
          p.percentileMs(50), p.percentileMs(99)));
    }
    sb.append(String.format(Locale.ROOT, "bytes fetched from the under storage per byte read (cold): %.2f%n",
        ufsBytesFetchedRatio));
    return sb.append(conditions.toText()).toString();
  }

  private List<OpStats> passes() {
    return List.of(cold, ufs, warm);
  }
}
