package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.proto.DeleteInode;
import io.ferry.master.journal.proto.IdCounters;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.journal.proto.RemoveMount;
import io.ferry.master.journal.proto.RequestDone;
import io.ferry.master.journal.proto.ForgetRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The journal entries of one namespace change, committed together; files
 * whose blocks became invalid lose their locations once the entries are
 * durable.
 */
final class Mutation {
  private final Journal journal;
  private final IdAllocator ids;
  private final BlockLocations locations;
  private final LongSupplier clockMs;
  private final List<JournalEntry> entries = new ArrayList<>();
  private final List<Long> staleFiles = new ArrayList<>();
  private boolean idsUsed;

  Mutation(Journal journal, IdAllocator ids, BlockLocations locations, LongSupplier clockMs) {
    this.journal = journal;
    this.ids = ids;
    this.locations = locations;
    this.clockMs = clockMs;
  }

  long newInodeId() {
    idsUsed = true;
    return ids.nextInodeId();
  }

  long newMountId() {
    idsUsed = true;
    return ids.nextMountId();
  }

  Mutation upsert(InodeRecord inode) {
    entries.add(JournalEntry.newBuilder().setUpsertInode(inode).build());
    return this;
  }

  Mutation delete(InodeRecord inode) {
    entries.add(JournalEntry.newBuilder().setDeleteInode(DeleteInode.newBuilder().setId(inode.getId())).build());
    if (!inode.getDirectory()) {
      staleFiles.add(inode.getId());
    }
    return this;
  }

  /** The file's cached blocks no longer match its content. */
  Mutation dropBlocks(long fileId) {
    staleFiles.add(fileId);
    return this;
  }

  Mutation addMount(MountRecord mount) {
    entries.add(JournalEntry.newBuilder().setAddMount(mount).build());
    return this;
  }

  Mutation removeMount(long mountId) {
    entries.add(JournalEntry.newBuilder().setRemoveMount(RemoveMount.newBuilder().setMountId(mountId)).build());
    return this;
  }

  /** Records that the client request {@code requestId} ("" = none) is done, with the inode it produced. */
  Mutation requestDone(String requestId, long inodeId) {
    if (!requestId.isEmpty()) {
      entries.add(JournalEntry.newBuilder()
          .setRequestDone(RequestDone.newBuilder().setRequestId(requestId).setInodeId(inodeId)
              .setDoneMs(clockMs.getAsLong())).build());
    }
    return this;
  }

  /** Drops applied request ids (with the time each was done): no retry of them can come any more. */
  Mutation forgetRequests(List<RequestDone> requests) {
    entries.add(JournalEntry.newBuilder()
        .setForgetRequests(ForgetRequests.newBuilder().addAllRequests(requests)).build());
    return this;
  }

  boolean isEmpty() {
    return entries.isEmpty() && staleFiles.isEmpty();
  }

  void commit() throws FerryException {
    if (idsUsed) {
      entries.add(JournalEntry.newBuilder().setIdCounters(IdCounters.newBuilder()
          .setNextInodeId(ids.peekInodeId()).setNextMountId(ids.peekMountId())).build());
    }
    journal.write(entries);
    staleFiles.forEach(locations::dropFile);
  }
}
