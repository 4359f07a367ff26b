package io.ferry.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchConditionsTest {
  private static final long MIB = 1 << 20;

  private static boolean warnsAboutTheTier(Map<String, Long> bytesByTier) {
    return BenchConditions.observe(bytesByTier, Double.NaN, BenchConditions.MEM_TIER).warnings().stream()
        .anyMatch(w -> w.contains("were not in the MEM tier"));
  }

  @Test
  void dataOutsideTheMeasuredTierIsWarnedAbout() {
    assertThat(warnsAboutTheTier(Map.of("MEM", 4 * MIB, "SSD", 4 * MIB))).isTrue();
  }

  @Test
  void dataAllInTheMeasuredTierIsNot() {
    assertThat(warnsAboutTheTier(Map.of("MEM", 8 * MIB))).isFalse();
  }

  @Test
  void dataOfAWorkerWhoseTiersArePrivateIsNotSaidToMissTheTier() {
    assertThat(warnsAboutTheTier(Map.of(DataPlacement.LOCAL_PRIVATE, 8 * MIB))).isFalse();
  }
}
