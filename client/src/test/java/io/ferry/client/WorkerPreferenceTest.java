package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.common.placement.RendezvousHashing;
import io.ferry.common.placement.WorkerPlacement;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WorkerPreferenceTest {
  private static final WorkerEndpoint A = address("host-a", 1);
  private static final WorkerEndpoint B = address("host-b", 2);
  private static final WorkerEndpoint C = address("host-c", 3);
  private static final WorkerEndpoint LOCAL = address("me", 4);
  private static final List<WorkerStatus> LIVE = List.of(info(A), info(B), info(C), info(LOCAL));
  private static final Predicate<String> IS_LOCAL = "me"::equals;
  private static final long BLOCK_ID = BlockIds.of(42, 0);

  private static WorkerEndpoint address(String host, int port) {
    return new WorkerEndpoint(port, host, port, 0, List.of());
  }

  private static WorkerStatus info(WorkerEndpoint address) {
    return worker(address, 1L << 30);
  }

  private static WorkerStatus worker(WorkerEndpoint address, long capacity) {
    return new WorkerStatus(address, List.of(new WorkerStatus.Tier("MEM", capacity, 0)), 0, 0,
        new WorkerStatus.Counters(0, 0, 0, 0, 0, 0));
  }

  private static FileBlock block(WorkerEndpoint... holders) {
    return new FileBlock(BLOCK_ID, 0, 10, List.of(holders));
  }

  private static List<WorkerEndpoint> rendezvousOrder() {
    return RendezvousHashing.rank(BLOCK_ID, LIVE, w -> w.endpoint().hostPort(), w -> 1L << 30)
        .stream().map(WorkerStatus::endpoint).toList();
  }

  @Test
  void localHolderComesFirstThenOtherHoldersThenRendezvousOrder() {
    List<WorkerEndpoint> order = WorkerPreference.forRead(block(B, LOCAL), true, LIVE, IS_LOCAL, Set.of());
    assertThat(order.subList(0, 2)).containsExactly(LOCAL, B);
    assertThat(order.subList(2, 4))
        .containsExactlyElementsOf(rendezvousOrder().stream().filter(w -> w != LOCAL && w != B).toList());
  }

  @Test
  void uncachedBlockGoesToItsRendezvousFirstChoice() {
    assertThat(WorkerPreference.forRead(block(), true, LIVE, IS_LOCAL, Set.of()))
        .containsExactlyElementsOf(rendezvousOrder());
  }

  @Test
  void blockThatCannotBeFetchedFromTheUfsIsReadOnlyFromHolders() {
    assertThat(WorkerPreference.forRead(block(C), false, LIVE, IS_LOCAL, Set.of())).containsExactly(C);
  }

  @Test
  void excludedWorkersAreSkipped() {
    assertThat(WorkerPreference.forRead(block(A, B), false, LIVE, IS_LOCAL, Set.of(A.hostPort())))
        .containsExactly(B);
  }

  @Test
  void uncachedBlockGoesWhereTheMastersPlacementPutsIt() {
    List<WorkerInfo> wire = List.of(wireWorker("host-a", 1, 1L << 30), wireWorker("host-b", 2, 4L << 30),
        wireWorker("host-c", 3, 2L << 30));
    List<WorkerStatus> live = wire.stream().map(ProtoConversions::worker).toList();
    for (int index = 0; index < 16; index++) {
      long blockId = BlockIds.of(42, index);
      assertThat(WorkerPreference.forRead(new FileBlock(blockId, 0, 10, List.of()), true, live, host -> false,
          Set.of()).stream().map(WorkerEndpoint::hostPort).toList())
          .containsExactlyElementsOf(WorkerPlacement.rank(blockId, wire).stream()
              .map(w -> w.getAddress().getHost() + ":" + w.getAddress().getRpcPort()).toList());
    }
  }

  private static WorkerInfo wireWorker(String host, int port, long capacity) {
    return WorkerInfo.newBuilder().setAddress(WorkerAddress.newBuilder().setHost(host).setRpcPort(port))
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(capacity)).build();
  }

  @Test
  void writesGoToALocalWorker() {
    assertThat(WorkerPreference.forWrite(42, LIVE, IS_LOCAL)).contains(LOCAL);
  }

  @Test
  void writesWithoutALocalWorkerGoToTheFirstChoiceOfBlockZero() {
    assertThat(WorkerPreference.forWrite(42, LIVE, host -> false)).contains(rendezvousOrder().get(0));
  }

  @Test
  void durableWritesGoToTheLocalWorkerThenToWorkersOfOtherHosts() {
    WorkerEndpoint localTwin = address("me", 5);
    List<WorkerStatus> live = List.of(info(A), info(LOCAL), info(localTwin));

    assertThat(WorkerPreference.forWrite(42, live, IS_LOCAL, 2)).containsExactly(LOCAL, A);
  }

  @Test
  void durableWritesUseASecondWorkerOfAHostWhenThereAreNotEnoughHosts() {
    WorkerEndpoint localTwin = address("me", 5);
    List<WorkerStatus> live = List.of(info(A), info(LOCAL), info(localTwin));

    assertThat(WorkerPreference.forWrite(42, live, IS_LOCAL, 3)).containsExactly(LOCAL, A, localTwin);
  }

  @Test
  void durableWritesGoToEveryLiveWorkerWhenThereAreFewerThanTheCopies() {
    assertThat(WorkerPreference.forWrite(42, List.of(info(A)), IS_LOCAL, 2)).containsExactly(A);
  }
}
