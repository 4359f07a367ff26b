package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PassStatsTest {
  @Test
  void percentilesUseTheNearestRank() {
    long[] nanos = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * 1_000_000).toArray();
    PassStats stats = new PassStats("warm", 100, 0, 1, nanos);
    assertThat(stats.percentileMs(50)).isEqualTo(50.0);
    assertThat(stats.percentileMs(99)).isEqualTo(99.0);
  }

  @Test
  void throughputIsDecimalMegabytesPerSecond() {
    PassStats stats = new PassStats("ufs", 10, 50_000_000, 2_000_000_000L, new long[10]);
    assertThat(stats.mbPerSec()).isEqualTo(25.0);
    assertThat(stats.filesPerSec()).isEqualTo(5.0);
  }
}
