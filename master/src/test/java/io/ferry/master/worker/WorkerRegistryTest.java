package io.ferry.master.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.master.block.BlockLocations;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.PartialBlockReport;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.TierUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {
  private static final long FILE = 42;
  private static final long BLOCK = BlockIds.of(FILE, 0);

  private final AtomicLong clock = new AtomicLong(1_000);
  private final BlockLocations locations = new BlockLocations();
  private final WorkerRegistry registry =
      new WorkerRegistry(locations, clock::get, Duration.ofSeconds(10), fileId -> fileId == FILE);

  private long register(String host, int port, Long... blocks) {
    return registry.register(RegisterWorkerRequest.newBuilder().setHost(host).setRpcPort(port)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(100))
        .addAllBlockIds(List.of(blocks)).build());
  }

  private static PartialBlockReport partial(long blockId, long cachedBytes) {
    return PartialBlockReport.newBuilder().setBlockId(blockId).setCachedBytes(cachedBytes).build();
  }

  @Test
  void reRegisteringFromTheSameAddressKeepsTheIdAndReplacesTheBlocks() {
    long id = register("h", 1, BLOCK);
    long again = register("h", 1);

    assertThat(again).isEqualTo(id);
    assertThat(locations.workersOf(BLOCK)).isEmpty();
    assertThat(register("h", 2)).isNotEqualTo(id);
  }

  @Test
  void heartbeatOfAnUnknownWorkerAsksItToRegister() {
    HeartbeatResponse response = registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(12345).build());
    assertThat(response.getCommand()).isEqualTo(HeartbeatResponse.Command.REGISTER);
  }

  @Test
  void heartbeatAppliesAddedAndRemovedBlocks() {
    long id = register("h", 1);
    long second = BlockIds.of(FILE, 1);
    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).addAddedBlockIds(BLOCK).addAddedBlockIds(second)
        .build());
    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).addRemovedBlockIds(BLOCK).build());

    assertThat(locations.workersOf(BLOCK)).isEmpty();
    assertThat(locations.workersOf(second)).containsExactly(id);
  }

  @Test
  void blocksOfUnknownFilesAreRemovedAtTheNextHeartbeat() {
    long stale = BlockIds.of(7, 0);
    long id = register("h", 1, stale, BLOCK);

    HeartbeatResponse response = registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).build());

    assertThat(response.getRemoveBlockIdsList()).containsExactly(stale);
    assertThat(locations.workersOf(stale)).isEmpty();
    assertThat(locations.workersOf(BLOCK)).containsExactly(id);
  }

  @Test
  void droppedFileBlocksAreRemovedAtTheNextHeartbeat() {
    long id = register("h", 1, BLOCK);
    locations.dropFile(FILE);

    HeartbeatResponse response = registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).build());

    assertThat(response.getRemoveBlockIdsList()).containsExactly(BLOCK);
    assertThat(locations.cachedBlockCount()).isZero();
  }

  @Test
  void partiallyCachedBlocksAreCountedButAreNoLocations() {
    long id = register("h", 1);

    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).addPartialBlocks(partial(BLOCK, 4096)).build());

    assertThat(locations.partialHoldersOf(BLOCK)).isEqualTo(Map.of(id, 4096L));
    assertThat(locations.workersOf(BLOCK)).isEmpty();
  }

  @Test
  void aPartialBlockReportedWithNoBytesIsForgotten() {
    long id = register("h", 1);
    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).addPartialBlocks(partial(BLOCK, 4096)).build());

    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).addPartialBlocks(partial(BLOCK, 0)).build());

    assertThat(locations.partialHoldersOf(BLOCK)).isEmpty();
  }

  @Test
  void aDroppedFileHasItsPartialBlocksRemovedAtTheNextHeartbeat() {
    long id = registry.register(RegisterWorkerRequest.newBuilder().setHost("h").setRpcPort(1)
        .addPartialBlocks(partial(BLOCK, 4096)).build());
    locations.dropFile(FILE);

    HeartbeatResponse response = registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(id).build());

    assertThat(response.getRemoveBlockIdsList()).containsExactly(BLOCK);
    assertThat(locations.partialHoldersOf(BLOCK)).isEmpty();
  }

  @Test
  void aLostWorkerTakesItsPartialBlocksWithIt() {
    long id = registry.register(RegisterWorkerRequest.newBuilder().setHost("h").setRpcPort(1)
        .addPartialBlocks(partial(BLOCK, 4096)).build());
    clock.addAndGet(11_000);

    registry.expireSilentWorkers();

    assertThat(locations.partialHoldersOf(BLOCK)).doesNotContainKey(id);
  }

  @Test
  void workerSilentLongerThanTheTimeoutIsLostWithItsLocations() {
    long quiet = register("quiet", 1, BLOCK);
    long chatty = register("chatty", 1, BLOCK);
    clock.addAndGet(8_000);
    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(chatty).build());
    clock.addAndGet(3_000);

    assertThat(registry.expireSilentWorkers()).isEqualTo(1);

    assertThat(registry.liveWorkers()).extracting(w -> w.getAddress().getWorkerId()).containsExactly(chatty);
    assertThat(registry.lostCount()).isEqualTo(1);
    assertThat(registry.lostWorkers()).extracting(w -> w.getAddress().getWorkerId()).containsExactly(quiet);
    assertThat(locations.workersOf(BLOCK)).isEqualTo(Set.of(chatty));
    assertThat(registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(quiet).build()).getCommand())
        .isEqualTo(HeartbeatResponse.Command.REGISTER);
  }

  @Test
  void lostWorkerRegisteringAgainIsLiveUnderItsOldId() {
    long id = register("h", 1);
    clock.addAndGet(11_000);
    registry.expireSilentWorkers();

    assertThat(register("h", 1)).isEqualTo(id);
    assertThat(registry.lostCount()).isZero();
    assertThat(registry.lostWorkers()).isEmpty();
  }
}
