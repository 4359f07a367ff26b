package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.cli.CliRun;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.worker.eviction.CachePolicy;
import io.ferry.worker.eviction.EvictionPolicy;
import org.junit.jupiter.api.Test;

class CacheSimulatorTest {
  private static final int CACHE = 1000;

  @Test
  void tinyLfuBeatsLruOnShuffledEpochsOverADatasetLargerThanTheCache() {
    Trace trace = Trace.shuffledEpochs(CACHE * 3 / 2, 10, 1);
    assertThat(CacheSimulator.hitRatio(new CachePolicy(EvictionPolicy.W_TINYLFU, CACHE), trace))
        .isGreaterThan(CacheSimulator.hitRatio(new CachePolicy(EvictionPolicy.LRU, CACHE), trace));
  }

  @Test
  void tinyLfuKeepsTheHotSetThroughAOneOffScan() {
    Trace trace = Trace.hotSetWithScan(CACHE / 2, CACHE * 20, CACHE * 4, 1);
    assertThat(CacheSimulator.hitRatio(new CachePolicy(EvictionPolicy.W_TINYLFU, CACHE), trace))
        .isGreaterThan(CacheSimulator.hitRatio(new CachePolicy(EvictionPolicy.LRU, CACHE), trace));
  }

  @Test
  void simulatorPrintsAHitRatioForEveryPolicyOnEveryTrace() {
    CliRun run = CliRun.of(() -> FerryConfiguration.builder().build(), "bench", "cache-sim", "--cache-blocks", "200",
        "--seed", "1");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().filter(l -> l.contains("LRU") || l.contains("W-TinyLFU"))).hasSize(4);
  }
}
