package io.ferry.common.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RendezvousHashingTest {
  private static List<String> workers(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("worker-" + i + ":29999");
    }
    return out;
  }

  private static String first(long block, List<String> workers) {
    return RendezvousHashing.rank(block, workers, Function.identity(), w -> 1L).get(0);
  }

  @Test
  void everyCallerRanksTheSameWay() {
    assertThat(RendezvousHashing.rank(42, workers(5), Function.identity(), w -> 1L))
        .isEqualTo(RendezvousHashing.rank(42, workers(5), Function.identity(), w -> 1L));
  }

  @Test
  void addingAWorkerMovesAboutOneNthOfTheBlocks() {
    List<String> four = workers(4);
    List<String> five = workers(5);
    int moved = 0;
    int blocks = 20_000;
    for (long b = 0; b < blocks; b++) {
      if (!first(b, four).equals(first(b, five))) {
        moved++;
      }
    }
    // Ideal: 1/5 of the blocks move, all of them to the new worker.
    assertThat(moved / (double) blocks).isBetween(0.17, 0.23);
  }

  @Test
  void choicesFollowTheWeights() {
    List<String> two = workers(2);
    int heavy = 0;
    for (long b = 0; b < 10_000; b++) {
      String w = RendezvousHashing.rank(b, two, Function.identity(), x -> x.startsWith("worker-0") ? 3L : 1L).get(0);
      if (w.startsWith("worker-0")) {
        heavy++;
      }
    }
    assertThat(heavy / 10_000.0).isBetween(0.72, 0.78);
  }
}
