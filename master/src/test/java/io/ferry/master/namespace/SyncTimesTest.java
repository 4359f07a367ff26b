package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.master.journal.proto.InodeRecord;
import org.junit.jupiter.api.Test;

class SyncTimesTest {
  private final SyncTimes times = new SyncTimes();

  @Test
  void withoutAHintTheJournaledSyncTimeCounts() {
    assertThat(times.lastSyncedMs(inode(7, 1_000))).isEqualTo(1_000);
  }

  @Test
  void anEntryFoundUnchangedLaterCountsAsSyncedThen() {
    times.foundUnchanged(7, 5_000);

    assertThat(times.lastSyncedMs(inode(7, 1_000))).isEqualTo(5_000);
  }

  @Test
  void aJournaledSyncNewerThanTheHintWins() {
    times.foundUnchanged(7, 5_000);

    assertThat(times.lastSyncedMs(inode(7, 9_000))).isEqualTo(9_000);
  }

  @Test
  void hintsBelongToOneInode() {
    times.foundUnchanged(7, 5_000);

    assertThat(times.lastSyncedMs(inode(8, 1_000))).isEqualTo(1_000);
  }

  private static InodeRecord inode(long id, long syncedMs) {
    return InodeRecord.newBuilder().setId(id).setSyncedMs(syncedMs).build();
  }
}
