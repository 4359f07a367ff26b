package io.ferry.common.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Block targets over live workers, weighted by the capacity of all their tiers. */
class WorkerPlacementTest {
  private static final int BLOCKS = 20_000;

  private static WorkerInfo worker(int port, long memBytes, long ssdBytes) {
    return worker("h", port, memBytes, ssdBytes);
  }

  private static WorkerInfo worker(String host, int port, long memBytes, long ssdBytes) {
    return WorkerInfo.newBuilder()
        .setAddress(WorkerAddress.newBuilder().setHost(host).setRpcPort(port).setWorkerId(port))
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(memBytes))
        .addTiers(TierUsage.newBuilder().setAlias("SSD").setCapacityBytes(ssdBytes))
        .build();
  }

  private static List<WorkerInfo> equalWorkers(int n) {
    List<WorkerInfo> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(worker(1000 + i, 1 << 30, 10L << 30));
    }
    return out;
  }

  @Test
  void addingAWorkerMovesAboutOneNthOfTheTargetsAllToTheNewWorker() {
    List<WorkerInfo> four = equalWorkers(4);
    List<WorkerInfo> five = equalWorkers(5);
    int moved = 0;
    for (long b = 0; b < BLOCKS; b++) {
      WorkerInfo before = WorkerPlacement.rank(b, four).get(0);
      WorkerInfo after = WorkerPlacement.rank(b, five).get(0);
      if (!before.equals(after)) {
        moved++;
        assertThat(after).isEqualTo(five.get(4));
      }
    }
    assertThat(moved / (double) BLOCKS).isBetween(0.17, 0.23);
  }

  @Test
  void aWorkerWithTwiceTheCapacityInAnyTierIsTheTargetOfAboutTwiceAsManyBlocks() {
    WorkerInfo small = worker(1, 1 << 30, 1L << 30);
    WorkerInfo large = worker(2, 1 << 30, 3L << 30);
    int onLarge = 0;
    for (long b = 0; b < BLOCKS; b++) {
      if (WorkerPlacement.rank(b, List.of(small, large)).get(0).equals(large)) {
        onLarge++;
      }
    }
    assertThat(onLarge / (double) BLOCKS).isBetween(0.63, 0.70);
  }

  @Test
  void twoTargetsAreOnTwoHostsEvenWhenOneHostRunsTwoWorkers() {
    List<WorkerInfo> live = List.of(worker("a", 1, 1 << 30, 0), worker("a", 2, 1 << 30, 0),
        worker("b", 3, 1 << 30, 0));
    for (long b = 0; b < BLOCKS; b++) {
      List<WorkerInfo> ranked = WorkerPlacement.rank(b, live);
      assertThat(ranked.get(0).getAddress().getHost()).isNotEqualTo(ranked.get(1).getAddress().getHost());
    }
  }

  @Test
  void spreadingOverHostsKeepsTheRendezvousFirstChoice() {
    List<WorkerInfo> live = List.of(worker("a", 1, 1 << 30, 0), worker("a", 2, 1 << 30, 0),
        worker("b", 3, 1 << 30, 0), worker("c", 4, 1 << 30, 0));
    for (long b = 0; b < BLOCKS; b++) {
      WorkerInfo byHash = RendezvousHashing.rank(b, live,
          w -> w.getAddress().getHost() + ":" + w.getAddress().getRpcPort(), w -> 1 << 30).get(0);
      assertThat(WorkerPlacement.rank(b, live).get(0)).isEqualTo(byHash);
    }
  }
}
