package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.common.placement.RendezvousHashing;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WorkerPreferenceTest {
  private static final WorkerAddress A = address("host-a", 1);
  private static final WorkerAddress B = address("host-b", 2);
  private static final WorkerAddress C = address("host-c", 3);
  private static final WorkerAddress LOCAL = address("me", 4);
  private static final List<WorkerInfo> LIVE = List.of(info(A), info(B), info(C), info(LOCAL));
  private static final Predicate<String> IS_LOCAL = "me"::equals;
  private static final long BLOCK_ID = BlockIds.of(42, 0);

  private static WorkerAddress address(String host, int port) {
    return WorkerAddress.newBuilder().setHost(host).setRpcPort(port).setWorkerId(port).build();
  }

  private static WorkerInfo info(WorkerAddress address) {
    return WorkerInfo.newBuilder().setAddress(address)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(1 << 30)).build();
  }

  private static BlockInfo block(WorkerAddress... holders) {
    return BlockInfo.newBuilder().setBlockId(BLOCK_ID).setLength(10).addAllLocations(List.of(holders)).build();
  }

  private static List<WorkerAddress> rendezvousOrder() {
    return RendezvousHashing.rank(BLOCK_ID, LIVE, w -> WorkerClients.key(w.getAddress()), w -> 1L << 30)
        .stream().map(WorkerInfo::getAddress).toList();
  }

  @Test
  void localHolderComesFirstThenOtherHoldersThenRendezvousOrder() {
    List<WorkerAddress> order = WorkerPreference.forRead(block(B, LOCAL), true, LIVE, IS_LOCAL, Set.of());
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
    assertThat(WorkerPreference.forRead(block(A, B), false, LIVE, IS_LOCAL, Set.of(WorkerClients.key(A))))
        .containsExactly(B);
  }

  @Test
  void writesGoToALocalWorker() {
    assertThat(WorkerPreference.forWrite(42, LIVE, IS_LOCAL)).contains(LOCAL);
  }

  @Test
  void writesWithoutALocalWorkerGoToTheFirstChoiceOfBlockZero() {
    assertThat(WorkerPreference.forWrite(42, LIVE, host -> false)).contains(rendezvousOrder().get(0));
  }
}
