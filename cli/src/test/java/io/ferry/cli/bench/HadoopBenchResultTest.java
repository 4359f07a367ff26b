package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HadoopBenchResultTest {
  private static PassStats pass(String name, long nanos) {
    return new PassStats(name, 2, 4_000_000, nanos, new long[] {2_000_000, 1_000_000});
  }

  private final HadoopBenchResult result =
      new HadoopBenchResult("/d", 3, pass("local", 1_000_000_000L), pass("ferry", 2_000_000_000L),
          new BenchConditions(0.5, 2, Map.of("MEM", 2L), Double.NaN, List.of()));

  @Test
  void jsonHasBothThroughputsAndTheirRatio() {
    assertThat(result.toJson()).isEqualTo("{\"path\":\"/d\",\"files\":2,\"bytes\":4000000,\"ferry_mbps\":2.000,"
        + "\"local_mbps\":4.000,\"ferry_local_ratio\":0.500,\"rounds\":3,\"load_average\":0.500,\"cpus\":2,"
        + "\"tier_bytes\":{\"MEM\":2},\"short_circuit_ratio\":null,\"warnings\":[]}");
  }

  @Test
  void tableHasTheLocalRowThenTheFerryRowThenTheRatioThenTheConditions() {
    assertThat(result.toTable().lines().skip(2)).hasSize(4)
        .satisfiesExactly(
            l -> assertThat(l).startsWith("LocalFileSystem (UFS)"),
            l -> assertThat(l).startsWith("ferry://"),
            l -> assertThat(l).isEqualTo("ferry/local: 0.50"),
            l -> assertThat(l).startsWith("conditions: load average 0.5 on 2 CPUs"));
  }
}
