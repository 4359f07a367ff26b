package io.ferry.worker.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
  void lruEvictsTheLeastRecentlyUsedBlock() {
    CachePolicy lru = new CachePolicy(EvictionPolicy.LRU, 2);
    lru.access(1, 1);
    lru.access(2, 1);
    lru.access(1, 1);
    lru.access(3, 1); // evicts 2
    assertThat(lru.access(1, 1)).isTrue();
    assertThat(lru.access(2, 1)).isFalse();
  }

  @Test
  void simulatorPrintsAHitRatioForEveryPolicyOnEveryTrace() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CacheSimulator sim = new CacheSimulator(new PrintStream(buf, true, StandardCharsets.UTF_8));
    sim.cacheBlocks = 200;
    sim.seed = 1;
    assertThat(sim.call()).isZero();
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.contains("LRU") || l.contains("W-TinyLFU"))).hasSize(4);
  }
}
