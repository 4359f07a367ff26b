package io.ferry.worker.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockChangeLogTest {
  private final BlockChangeLog log = new BlockChangeLog();

  @Test
  void changesAreReportedAgainUntilAcknowledged() {
    log.added(1);
    log.removed(2);
    log.snapshot(); // a heartbeat that failed

    BlockChangeLog.Snapshot retry = log.snapshot();

    assertThat(retry.addedBlockIds()).containsExactly(1L);
    assertThat(retry.removedBlockIds()).containsExactly(2L);
  }

  @Test
  void acknowledgedChangesAreNotReportedAgain() {
    log.added(1);
    log.acknowledge(log.snapshot());

    assertThat(log.snapshot().addedBlockIds()).isEmpty();
  }

  @Test
  void changeMadeWhileAReportIsInFlightSurvivesItsAcknowledgement() {
    log.added(1);
    BlockChangeLog.Snapshot inFlight = log.snapshot();
    log.removed(1);

    log.acknowledge(inFlight);

    assertThat(log.snapshot().removedBlockIds()).containsExactly(1L);
  }

  @Test
  void latestChangeOfABlockWins() {
    log.added(7);
    log.removed(7);
    log.added(7);

    BlockChangeLog.Snapshot snapshot = log.snapshot();
    assertThat(snapshot.addedBlockIds()).containsExactly(7L);
    assertThat(snapshot.removedBlockIds()).isEmpty();
  }
}
