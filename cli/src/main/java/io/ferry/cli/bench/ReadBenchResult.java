package io.ferry.cli.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@code ferry bench read}: the cold pass, the UFS and warm
 * passes of the round with the median warm/UFS ratio, and the warm passes'
 * cache hit ratio (NaN when the workers reported no block reads). With
 * {@code --warm-only}, the median warm pass alone: cold and ufs are null.
 */
public record ReadBenchResult(String path, boolean shortCircuit, int warmupPasses, int rounds, PassStats cold,
    PassStats ufs, PassStats warm, double warmHitRatio, BenchConditions conditions) {

  public String toJson() {
    JsonObject json = new JsonObject()
        .put("path", path)
        .put("short_circuit", shortCircuit)
        .put("files", warm.files())
        .put("bytes", warm.bytes());
    if (ufs != null) {
      json.put("ufs_mbps", ufs.mbPerSec())
          .put("cold_mbps", cold.mbPerSec())
          .put("warm_ufs_ratio", warm.mbPerSec() / ufs.mbPerSec());
    }
    json.put("warm_mbps", warm.mbPerSec())
        .put("warmup_passes", warmupPasses)
        .put("rounds", rounds)
        .put("hit_ratio", warmHitRatio);
    for (PassStats p : passes()) {
      json.put(p.name() + "_files_per_sec", p.filesPerSec())
          .put(p.name() + "_p50_ms", p.percentileMs(50))
          .put(p.name() + "_p99_ms", p.percentileMs(99));
    }
    return conditions.addTo(json).toString();
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Read benchmark of %s: %d files, %d bytes, short-circuit %s; ufs/warm: median of %d rounds after %d "
            + "warm-up pass(es)%n", path, warm.files(), warm.bytes(), shortCircuit ? "on" : "off", rounds,
        warmupPasses));
    sb.append(String.format(Locale.ROOT, "%-6s %12s %12s %10s %10s%n", "pass", "MB/s", "files/s", "p50 ms", "p99 ms"));
    for (PassStats p : passes()) {
      sb.append(String.format(Locale.ROOT, "%-6s %12.1f %12.1f %10.3f %10.3f%n", p.name(), p.mbPerSec(),
          p.filesPerSec(), p.percentileMs(50), p.percentileMs(99)));
    }
    if (ufs != null) {
      sb.append(String.format(Locale.ROOT, "warm/ufs: %.2f%n", warm.mbPerSec() / ufs.mbPerSec()));
    }
    sb.append("warm cache hit ratio: ").append(Double.isNaN(warmHitRatio) ? "n/a"
        : String.format(Locale.ROOT, "%.1f%%", 100 * warmHitRatio));
    return sb.append(System.lineSeparator()).append(conditions.toText()).toString();
  }

  private List<PassStats> passes() {
    return ufs == null ? List.of(warm) : List.of(cold, ufs, warm);
  }
}
