package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadBenchResultTest {
  private static PassStats pass(String name, long bytes, long nanos) {
    return new PassStats(name, 2, bytes, nanos, new long[] {2_000_000, 1_000_000});
  }

  private static final BenchConditions CONDITIONS =
      new BenchConditions(1.5, 2, Map.of("MEM", 3_000_000L, "SSD", 1_000_000L), 0.75, List.of("a warning"));

  private final ReadBenchResult result = new ReadBenchResult("/d", true, 2, 1, pass("cold", 4_000_000, 2_000_000_000L),
      pass("ufs", 4_000_000, 1_000_000_000L), pass("warm", 4_000_000, 500_000_000L), 0.5, CONDITIONS);

  @Test
  void jsonHasTheThroughputsAndHitRatio() {
    assertThat(result.toJson()).startsWith("{\"path\":\"/d\",\"short_circuit\":true,\"files\":2,\"bytes\":4000000,")
        .contains("\"ufs_mbps\":4.000", "\"cold_mbps\":2.000", "\"warm_mbps\":8.000", "\"hit_ratio\":0.500",
            "\"warm_p50_ms\":1.000", "\"warmup_passes\":2", "\"warm_p99_ms\":2.000", "\"warm_files_per_sec\":4.000")
        .endsWith("}");
  }

  @Test
  void unknownHitRatioIsJsonNull() {
    ReadBenchResult none = new ReadBenchResult("/d", false, 2, 1, result.cold(), result.ufs(), result.warm(), Double.NaN,
        CONDITIONS);
    assertThat(none.toJson()).contains("\"hit_ratio\":null");
    assertThat(none.toTable()).contains("warm cache hit ratio: n/a");
  }

  @Test
  void tableHasOneRowPerPassInRunOrder() {
    assertThat(result.toTable().lines().skip(2).limit(3).map(l -> l.split(" +")[0]))
        .containsExactly("cold", "ufs", "warm");
  }

  @Test
  void jsonHasTheConditionsOfTheRun() {
    assertThat(result.toJson()).contains("\"load_average\":1.500", "\"cpus\":2", "\"short_circuit_ratio\":0.750",
        "\"warnings\":[\"a warning\"]", "\"tier_bytes\":{\"MEM\":3000000,\"SSD\":1000000}");
  }

  @Test
  void tableEndsWithTheConditionsAndOneLinePerWarning() {
    assertThat(result.toTable()).contains("conditions: load average 1.5 on 2 CPUs", "75% of bytes read by short-circuit")
        .endsWith("warning: a warning");
  }

  @Test
  void aWarmOnlyResultHasNoColdOrUfsFigures() {
    ReadBenchResult warmOnly = new ReadBenchResult("/d", false, 2, 3, null, null, result.warm(), Double.NaN, CONDITIONS);

    assertThat(warmOnly.toJson()).contains("\"warm_mbps\":8.000", "\"warm_p50_ms\":1.000")
        .doesNotContain("ufs_", "cold_");
    assertThat(warmOnly.toTable().lines().filter(l -> l.startsWith("cold ") || l.startsWith("ufs "))).isEmpty();
    assertThat(warmOnly.toTable()).contains("warm ").doesNotContain("warm/ufs");
  }
}
