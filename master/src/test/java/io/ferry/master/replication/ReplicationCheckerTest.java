package io.ferry.master.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockIds;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.TierUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplicationCheckerTest {
  private static final long FILE = 42;
  private static final long BLOCK = BlockIds.of(FILE, 1);
  private static final long BLOCK_SIZE = 100;

  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicInteger replication = new AtomicInteger(2);
  private final BlockLocations locations = new BlockLocations();
  private final WorkerRegistry registry =
      new WorkerRegistry(locations, clock::get, Duration.ofSeconds(10), fileId -> fileId == FILE);
  private final ReplicationCommands commands = new ReplicationCommands(Duration.ofMinutes(1));
  private final ReplicationChecker checker = new ReplicationChecker(locations, registry,
      id -> id == FILE ? Optional.of(file()) : Optional.empty(), commands, 2);
  private final List<Long> workers = new ArrayList<>();

  private final AtomicBoolean persistPending = new AtomicBoolean();

  private InodeRecord file() {
    InodeRecord.Builder file = InodeRecord.newBuilder().setId(FILE).setLength(250).setBlockSize(BLOCK_SIZE)
        .setReplication(replication.get());
    return persistPending.get() ? file.setPersistPending(true).build() : file.setUfsFingerprint("fp").build();
  }

  private long worker(int port, Long... blocks) {
    long id = registry.register(RegisterWorkerRequest.newBuilder().setHost("h").setRpcPort(port)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(1000))
        .addAllBlockIds(List.of(blocks)).build());
    workers.add(id);
    return id;
  }

  @Test
  void underReplicatedBlockIsCopiedFromAHolderToAWorkerWithoutIt() {
    long holder = worker(1, BLOCK);
    long other = worker(2);

    checker.check();

    assertThat(commands.take(holder)).isEmpty();
    List<ReplicateBlock> copies = commands.take(other);
    assertThat(copies).hasSize(1);
    ReplicateBlock copy = copies.get(0);
    assertThat(copy.getBlockId()).isEqualTo(BLOCK);
    assertThat(copy.getSource().getWorkerId()).isEqualTo(holder);
    assertThat(copy.getFingerprint()).isEqualTo("fp");
    assertThat(copy.getLength()).isEqualTo(BLOCK_SIZE);
  }

  @Test
  void aCheckCountsTheBlocksBelowTheirFactorAndTheCopiesItAskedFor() {
    worker(1, BLOCK);
    worker(2);

    checker.check();

    assertThat(checker.underReplicated()).isEqualTo(1);
    assertThat(commands.inFlight()).isEqualTo(1);
  }

  @Test
  void aBlockAtItsFactorIsNotCountedBelowIt() {
    worker(1, BLOCK);
    worker(2, BLOCK);

    checker.check();

    assertThat(checker.underReplicated()).isZero();
    assertThat(commands.inFlight()).isZero();
  }

  @Test
  void aCopyInFlightIsNotAskedForTwice() {
    worker(1, BLOCK);
    long other = worker(2);
    checker.check();
    commands.take(other);

    checker.check();

    assertThat(commands.take(other)).isEmpty();
  }

  @Test
  void aCopyToAWorkerThatIsLostIsAskedOfAnotherWorkerAtOnce() {
    long holder = worker(1, BLOCK);
    long b = worker(2);
    long c = worker(3);
    checker.check();
    long target = commands.take(b).isEmpty() ? c : b;
    commands.take(c);
    long other = target == b ? c : b;

    lose(target, holder, other);
    checker.check();

    assertThat(commands.take(other)).extracting(ReplicateBlock::getBlockId).containsExactly(BLOCK);
  }

  @Test
  void aCopyFromAWorkerThatIsLostIsAskedForAgainFromASurvivingHolder() {
    replication.set(3);
    long a = worker(1, BLOCK);
    long b = worker(2, BLOCK);
    long c = worker(3);
    checker.check();
    long source = commands.take(c).get(0).getSource().getWorkerId();
    long survivor = source == a ? b : a;

    lose(source, survivor, c);
    checker.check();

    assertThat(commands.take(c)).extracting(r -> r.getSource().getWorkerId()).containsExactly(survivor);
  }

  @Test
  void aCopyThatLandedAndWasDroppedIsAskedForAgainAtOnce() {
    worker(1, BLOCK);
    long other = worker(2);
    checker.check();
    commands.take(other);
    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(other).addAddedBlockIds(BLOCK).build());
    checker.check();
    assertThat(commands.take(other)).isEmpty();

    registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(other).addRemovedBlockIds(BLOCK).build());
    checker.check();

    assertThat(commands.take(other)).extracting(ReplicateBlock::getBlockId).containsExactly(BLOCK);
  }

  @Test
  void factorIsCappedByTheNumberOfLiveWorkers() {
    replication.set(3);
    worker(1, BLOCK);
    long other = worker(2);

    checker.check();

    assertThat(commands.take(other)).hasSize(1);
  }

  @Test
  void overReplicatedBlockKeepsItsBestRankedHoldersAndTrimsTheOthers() {
    replication.set(1);
    long a = worker(1, BLOCK);
    long b = worker(2, BLOCK);
    long c = worker(3, BLOCK);

    checker.check();

    assertThat(locations.workersOf(BLOCK)).hasSize(1);
    long kept = locations.workersOf(BLOCK).iterator().next();
    for (long w : List.of(a, b, c)) {
      List<Long> removals = heartbeat(w);
      assertThat(removals).isEqualTo(w == kept ? List.of() : List.of(BLOCK));
    }
  }

  @Test
  void aFileWaitingForItsPersistJobKeepsItsDurableCopiesAboveItsFactor() {
    replication.set(1);
    persistPending.set(true);
    worker(1, BLOCK);
    worker(2, BLOCK);
    worker(3, BLOCK);

    checker.check();

    assertThat(locations.workersOf(BLOCK)).hasSize(2);
  }

  @Test
  void aFileWaitingForItsPersistJobThatLostADurableCopyGetsItBack() {
    replication.set(1);
    persistPending.set(true);
    long holder = worker(1, BLOCK);
    long other = worker(2);

    checker.check();

    assertThat(commands.take(other)).singleElement().satisfies(copy -> {
      assertThat(copy.getSource().getWorkerId()).isEqualTo(holder);
      assertThat(copy.getFingerprint()).isEmpty();
    });
  }

  @Test
  void blocksOfALostWorkerAreCopiedAgainFromTheSurvivors() {
    long a = worker(1, BLOCK);
    long b = worker(2, BLOCK);
    long c = worker(3);
    lose(a, b, c);

    checker.check();

    assertThat(locations.workersOf(BLOCK)).containsExactly(b);
    assertThat(commands.take(c)).extracting(r -> r.getSource().getWorkerId()).containsExactly(b);
    assertThat(commands.take(a)).isEmpty();
  }

  @Test
  void blocksOfDeletedFilesAreLeftAlone() {
    long other = worker(2);
    worker(1, BlockIds.of(FILE + 1, 0));

    checker.check();

    assertThat(commands.take(other)).isEmpty();
  }

  /** Lets the worker timeout pass with only {@code survivors} heartbeating: {@code lost} is declared lost. */
  private void lose(long lost, long... survivors) {
    clock.addAndGet(11_000);
    for (long w : survivors) {
      heartbeat(w);
    }
    assertThat(registry.expireSilentWorkers()).isEqualTo(1);
    assertThat(registry.liveAddress(lost)).isEmpty();
  }

  private List<Long> heartbeat(long worker) {
    return registry.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(worker).build()).getRemoveBlockIdsList();
  }
}
