package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomBenchResultTest {
  private static OpStats pass(String name, long wallNanos, long... sortedNanos) {
    return new OpStats(name, wallNanos, sortedNanos);
  }

  private final RandomBenchResult result = new RandomBenchResult("/d", 2, 65536, 7,
      pass("cold", 40_000_000L, 10_000_000L, 30_000_000L), pass("ufs", 20_000_000L, 5_000_000L, 15_000_000L),
      pass("warm", 2_000_000L, 500_000L, 1_500_000L), 2.0,
      new BenchConditions(1.5, 2, Map.of("uncached", 1L << 31), 0.0, List.of()));

  @Test
  void jsonHasTheLatencyAndReadsPerSecondOfEachPassAndTheFetchedRatio() {
    assertThat(result.toJson()).startsWith("{\"path\":\"/d\",\"reads\":2,\"read_bytes\":65536,\"seed\":7,")
        .contains("\"cold_p50_ms\":10.000", "\"ufs_p50_ms\":5.000", "\"warm_p50_ms\":0.500", "\"cold_iops\":50.000",
            "\"ufs_iops\":100.000", "\"warm_iops\":1000.000", "\"ufs_bytes_fetched_ratio\":2.000",
            "\"load_average\":1.500", "\"tier_bytes\":{\"uncached\":2147483648}");
  }

  @Test
  void tableHasOneRowPerPassInRunOrderThenTheRatioAndConditions() {
    List<String> lines = result.toTable().lines().toList();

    assertThat(lines.subList(2, 5).stream().map(l -> l.split(" +")[0])).containsExactly("cold", "ufs", "warm");
    assertThat(lines.get(5)).isEqualTo("bytes fetched from the under storage per byte read (cold): 2.00");
    assertThat(lines.get(6)).startsWith("conditions: load average 1.5 on 2 CPUs");
  }
}
