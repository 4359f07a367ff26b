package io.ferry.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a benchmark's figures depend on besides Ferry, printed with them: the
 * machine's load, where the data sat, whether reads went short-circuit, and a
 * warning for each condition that makes a figure measure something else than
 * it means to (a busy machine, a dataset larger than the tier it measures).
 *
 * @param bytesByTier where the measured bytes sat (see {@link DataPlacement}); empty if not known
 * @param shortCircuitRatio the share of the client's bytes read by short-circuit; NaN if not known
 */
public record BenchConditions(double loadAverage, int cpus, Map<String, Long> bytesByTier, double shortCircuitRatio,
    List<String> warnings) {

  /** The tier warm passes mean to measure. */
  public static final String MEM_TIER = "MEM";

  /** The conditions now; {@code tier} is the tier the benchmark means to measure (MEM), null for none. */
  public static BenchConditions observe(Map<String, Long> bytesByTier, double shortCircuitRatio, String tier) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int cpus = Runtime.getRuntime().availableProcessors();
    List<String> warnings = new ArrayList<>();
    if (load > cpus) {
      warnings.add(String.format(Locale.ROOT,
          "the machine is busy (load average %.1f on %d CPUs): figures are noisy, compare only ratios of one run",
          load, cpus));
    }
    // bytes whose tier a private worker does not show cannot be said to miss the tier
    long total = bytesByTier.entrySet().stream().filter(e -> !e.getKey().equals(DataPlacement.LOCAL_PRIVATE))
        .mapToLong(Map.Entry::getValue).sum();
    long inTier = tier == null ? total : bytesByTier.getOrDefault(tier, 0L);
    if (total > 0 && inTier < total) {
      warnings.add(String.format(Locale.ROOT, "%d of %d MiB were not in the %s tier (%s): the figures measure "
          + "those places too; give the workers more %s capacity or read less", (total - inTier) >> 20, total >> 20,
          tier, describe(bytesByTier), tier));
    }
    return new BenchConditions(load, cpus, Map.copyOf(bytesByTier), shortCircuitRatio, List.copyOf(warnings));
  }

  /** The conditions with no data placement (a metadata benchmark). */
  public static BenchConditions observe() {
    return observe(Map.of(), Double.NaN, null);
  }

  /** Adds the conditions to a benchmark's JSON. */
  public JsonObject addTo(JsonObject json) {
    JsonObject tiers = new JsonObject();
    new TreeMap<>(bytesByTier).forEach(tiers::put);
    return json.put("load_average", loadAverage)
        .put("cpus", cpus)
        .put("tier_bytes", tiers)
        .put("short_circuit_ratio", shortCircuitRatio)
        .put("warnings", warnings);
  }

  /** Lines for a benchmark's table: the conditions, then one per warning. */
  public String toText() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "conditions: load average %.1f on %d CPUs",
        loadAverage, cpus));
    if (!bytesByTier.isEmpty()) {
      sb.append("; data in ").append(describe(bytesByTier));
    }
    if (!Double.isNaN(shortCircuitRatio)) {
      sb.append(String.format(Locale.ROOT, "; %.0f%% of bytes read by short-circuit", 100 * shortCircuitRatio));
    }
    warnings.forEach(w -> sb.append(System.lineSeparator()).append("warning: ").append(w));
    return sb.toString();
  }

  private static String describe(Map<String, Long> bytesByTier) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(bytesByTier).forEach((tier, bytes) -> sb.append(sb.length() == 0 ? "" : ", ").append(tier).append(' ')
        .append(bytes >> 20).append(" MiB"));
    return sb.toString();
  }
}
