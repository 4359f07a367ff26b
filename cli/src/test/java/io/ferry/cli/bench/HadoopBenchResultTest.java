package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HadoopBenchResultTest {
  private static PassStats pass(String name, long nanos) {
    return new PassStats(name, 2, 4_000_000, nanos, new long[] {2_000_000, 1_000_000});
  }

  private final HadoopBenchResult result =
      new HadoopBenchResult("/d", 3, pass("local", 1_000_000_000L), pass("ferry", 2_000_000_000L));

  @Test
  void jsonHasBothThroughputsAndTheirRatio() {
    assertThat(result.toJson()).isEqualTo("{\"path\":\"/d\",\"files\":2,\"bytes\":4000000,\"ferry_mbps\":2.000,"
        + "\"local_mbps\":4.000,\"ferry_local_ratio\":0.500,\"rounds\":3}");
  }

  @Test
  void tableHasTheLocalRowThenTheFerryRowThenTheRatio() {
    assertThat(result.toTable().lines().skip(2)).hasSize(3)
        .satisfiesExactly(
            l -> assertThat(l).startsWith("LocalFileSystem (UFS)"),
            l -> assertThat(l).startsWith("ferry://"),
            l -> assertThat(l).isEqualTo("ferry/local: 0.50"));
  }
}
