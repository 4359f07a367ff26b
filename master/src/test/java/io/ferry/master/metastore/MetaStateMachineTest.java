package io.ferry.master.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.master.journal.proto.DeleteInode;
import io.ferry.master.journal.proto.IdCounters;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountTable;
import io.ferry.ufs.UnderFileSystems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaStateMachineTest {
  @TempDir Path tmp;
  private MetaStore store;
  private MountTable mounts;
  private MetaStateMachine stateMachine;

  @BeforeEach
  void open() throws Exception {
    store = MetaStore.open(tmp, 100);
    mounts = new MountTable(UnderFileSystems::create, MountCredentials.NONE);
    stateMachine = new MetaStateMachine(store, mounts);
  }

  @AfterEach
  void close() {
    mounts.close();
    store.close();
  }

  private void applyCounters(long nextInodeId, long nextMountId) throws Exception {
    stateMachine.apply(List.of(JournalEntry.newBuilder()
        .setIdCounters(IdCounters.newBuilder().setNextInodeId(nextInodeId).setNextMountId(nextMountId)).build()));
  }

  /** Concurrent mutations take ids in one order and may reach the journal in the other. */
  @Test
  void idCountersAppliedOutOfOrderNeverGoBack() throws Exception {
    applyCounters(20, 5);
    applyCounters(15, 3);

    assertThat(store.nextInodeId()).isEqualTo(20);
    assertThat(store.nextMountId()).isEqualTo(5);
  }

  /** Ids at or above the counter are new, so they are not looked up: one created and renamed in its batch. */
  @Test
  void inodeCreatedAndRenamedInOneBatchKeepsOnlyItsLastName() throws Exception {
    applyCounters(10, 1);
    stateMachine.apply(List.of(
        JournalEntry.newBuilder().setUpsertInode(InodeRecord.newBuilder().setId(12).setParentId(1).setName("a")).build(),
        JournalEntry.newBuilder().setUpsertInode(InodeRecord.newBuilder().setId(12).setParentId(1).setName("b")).build(),
        JournalEntry.newBuilder().setIdCounters(IdCounters.newBuilder().setNextInodeId(13).setNextMountId(1)).build()));

    assertThat(store.childId(1, "a")).isEmpty();
    assertThat(store.childId(1, "b")).contains(12L);
    assertThat(store.inodeCount()).isEqualTo(1);
  }

  private void upsert(long id, long parentId, String name) throws Exception {
    stateMachine.apply(List.of(JournalEntry.newBuilder()
        .setUpsertInode(InodeRecord.newBuilder().setId(id).setParentId(parentId).setName(name)).build()));
  }

  @Test
  void childLookedUpBeforeItExistedIsFoundOnceCreated() throws Exception {
    assertThat(store.childId(1, "a")).isEmpty();

    upsert(2, 1, "a");

    assertThat(store.childId(1, "a")).contains(2L);
  }

  @Test
  void renamedChildIsFoundOnlyUnderItsNewName() throws Exception {
    upsert(2, 1, "a");
    assertThat(store.childId(1, "a")).contains(2L);

    upsert(2, 3, "b");

    assertThat(store.childId(1, "a")).isEmpty();
    assertThat(store.childId(3, "b")).contains(2L);
  }

  @Test
  void deletedChildIsGone() throws Exception {
    upsert(2, 1, "a");
    assertThat(store.childId(1, "a")).contains(2L);

    stateMachine.apply(List.of(JournalEntry.newBuilder()
        .setDeleteInode(DeleteInode.newBuilder().setId(2)).build()));

    assertThat(store.childId(1, "a")).isEmpty();
  }

  /** A listing that finds a file become a directory removes the file and creates the directory in one batch. */
  @Test
  void childReplacedInOneBatchIsFoundUnderItsNewId() throws Exception {
    upsert(2, 1, "a");
    assertThat(store.childId(1, "a")).contains(2L);

    stateMachine.apply(List.of(
        JournalEntry.newBuilder().setDeleteInode(DeleteInode.newBuilder().setId(2)).build(),
        JournalEntry.newBuilder().setUpsertInode(InodeRecord.newBuilder().setId(3).setParentId(1).setName("a")).build()));

    assertThat(store.childId(1, "a")).contains(3L);
  }

  private List<String> childNames(long dir) {
    return store.children(dir, "", 100).stream().map(InodeRecord::getName).toList();
  }

  @Test
  void listingShowsAChildCreatedAfterItWasListed() throws Exception {
    upsert(2, 1, "a");
    assertThat(childNames(1)).containsExactly("a");

    upsert(3, 1, "b");

    assertThat(childNames(1)).containsExactly("a", "b");
  }

  @Test
  void listingsFollowAChildMovedToAnotherDirectory() throws Exception {
    upsert(2, 1, "a");
    upsert(3, 1, "b");
    assertThat(childNames(1)).containsExactly("a", "b");
    assertThat(childNames(4)).isEmpty();

    upsert(3, 4, "c");

    assertThat(childNames(1)).containsExactly("a");
    assertThat(childNames(4)).containsExactly("c");
  }

  @Test
  void listingShowsAChildsChangedAttributes() throws Exception {
    upsert(2, 1, "a");
    assertThat(store.children(1, "", 10).get(0).getLength()).isZero();

    stateMachine.apply(List.of(JournalEntry.newBuilder()
        .setUpsertInode(InodeRecord.newBuilder().setId(2).setParentId(1).setName("a").setLength(42)).build()));

    assertThat(store.children(1, "", 10).get(0).getLength()).isEqualTo(42);
  }

  @Test
  void listingSmallerThanTheCachedPageIsCutToTheLimit() throws Exception {
    upsert(2, 1, "a");
    upsert(3, 1, "b");
    upsert(4, 1, "c");

    assertThat(store.children(1, "", 2)).extracting(InodeRecord::getName).containsExactly("a", "b");
    assertThat(store.children(1, "a", 2)).extracting(InodeRecord::getName).containsExactly("b", "c");
  }

  private void upsertWithTtl(long id, long expiryMs) throws Exception {
    stateMachine.apply(List.of(JournalEntry.newBuilder().setUpsertInode(InodeRecord.newBuilder().setId(id)
        .setParentId(1).setName("f" + id).setTtlExpiryMs(expiryMs)).build()));
  }

  @Test
  void inodesWhoseTimeToLiveEndedAreFoundEarliestFirst() throws Exception {
    upsertWithTtl(2, 300);
    upsertWithTtl(3, 100);
    upsertWithTtl(4, 900);

    assertThat(store.expiredTtlIds(500, 10)).containsExactly(3L, 2L);
  }

  @Test
  void aTimeToLiveRemovedOrMovedIsFoundOnlyAsItIsNow() throws Exception {
    upsertWithTtl(2, 100);
    upsertWithTtl(3, 100);

    upsertWithTtl(2, 0);
    upsertWithTtl(3, 1_000);

    assertThat(store.expiredTtlIds(500, 10)).isEmpty();
    assertThat(store.expiredTtlIds(1_000, 10)).containsExactly(3L);
  }

  @Test
  void aDeletedInodesTimeToLiveIsGone() throws Exception {
    upsertWithTtl(2, 100);

    stateMachine.apply(List.of(JournalEntry.newBuilder().setDeleteInode(DeleteInode.newBuilder().setId(2)).build()));

    assertThat(store.expiredTtlIds(500, 10)).isEmpty();
  }

  private void upsertPinned(long id, boolean directory, boolean pinned, long length) throws Exception {
    stateMachine.apply(List.of(JournalEntry.newBuilder().setUpsertInode(InodeRecord.newBuilder().setId(id)
        .setParentId(1).setName("p" + id).setDirectory(directory).setPinned(pinned).setLength(length)
        .setReplication(2)).build()));
  }

  @Test
  void pinnedFilesAreFoundWithWhatTheirCopiesTake() throws Exception {
    upsertPinned(2, false, true, 100);
    upsertPinned(3, false, false, 200);
    upsertPinned(4, true, true, 0);

    assertThat(store.pinnedFiles()).containsExactly(new MetaStore.PinnedFile(2, 100, 2));
  }

  @Test
  void anUnpinnedOrDeletedFileIsNoLongerPinned() throws Exception {
    upsertPinned(2, false, true, 100);
    upsertPinned(3, false, true, 100);

    upsertPinned(2, false, false, 100);
    stateMachine.apply(List.of(JournalEntry.newBuilder().setDeleteInode(DeleteInode.newBuilder().setId(3)).build()));

    assertThat(store.pinnedFiles()).isEmpty();
  }

  @Test
  void thePinsVersionChangesOnlyWhenFilesArePinnedOrUnpinned() throws Exception {
    long before = store.pinsVersion();
    upsertPinned(2, false, false, 100);
    assertThat(store.pinsVersion()).isEqualTo(before);

    upsertPinned(2, false, true, 100);
    long pinned = store.pinsVersion();
    upsertPinned(2, false, true, 300);
    assertThat(store.pinsVersion()).isEqualTo(pinned).isNotEqualTo(before);

    upsertPinned(2, false, false, 300);
    assertThat(store.pinsVersion()).isNotEqualTo(pinned);
  }
}
