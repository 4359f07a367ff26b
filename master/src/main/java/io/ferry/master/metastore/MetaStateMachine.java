package io.ferry.master.metastore;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.journal.proto.RequestDone;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The one place journal entries become state: a batch of entries is
 * translated into one RocksDB WriteBatch, so a batch is either entirely
 * applied or not at all (the journal makes it durable: see MetaStore.open). Deterministic given the
 * store's state, so replicas applying the same entries (Ratis) agree.
 */
public final class MetaStateMachine {
  private final MetaStore store;
  private final MountListener mountListener;

  public MetaStateMachine(MetaStore store, MountListener mountListener) {
    this.store = store;
    this.mountListener = mountListener;
  }

  public void apply(List<JournalEntry> entries) throws FerryException {
    apply(entries, 0);
  }

  /**
   * Applies a batch; {@code logIndex} > 0 is its Raft log index, stored in
   * the same write so a replayed batch is recognised and skipped.
   */
  public synchronized void apply(List<JournalEntry> entries, long logIndex) throws FerryException {
    if (logIndex > 0 && logIndex <= store.appliedIndex()) {
      return;
    }
    // Inodes as this batch leaves them, so later entries see earlier ones.
    Map<Long, Optional<InodeRecord>> touched = new LinkedHashMap<>();
    Map<MetaStore.Edge, Optional<Long>> edges = new HashMap<>();
    // Edges this batch creates are not cached (see MetaStore.write): a cold listing creates 100,000.
    List<MetaStore.Edge> created = new ArrayList<>();
    Set<Long> changedDirectories = new HashSet<>();
    List<MountRecord> added = new ArrayList<>();
    List<Long> removed = new ArrayList<>();
    long inodeCount = store.inodeCount();
    boolean pinsChanged = false;
    // Every batch that takes ids journals the counter past them, so no stored inode has an id at or
    // above it: an upsert of such an id creates, without a metastore read (a cold listing's 100,000).
    // No counter yet (0): every id is looked up.
    long counter = store.nextInodeId();
    long firstUnusedId = counter > 0 ? counter : Long.MAX_VALUE;
    try (WriteBatch batch = new WriteBatch()) {
      for (JournalEntry e : entries) {
        switch (e.getEntryCase()) {
          case UPSERT_INODE -> {
            InodeRecord r = e.getUpsertInode();
            Optional<InodeRecord> old = r.getId() >= firstUnusedId ? touched.getOrDefault(r.getId(), Optional.empty())
                : current(touched, r.getId());
            old.ifPresent(o -> changedDirectories.add(o.getParentId()));
            changedDirectories.add(r.getParentId());
            if (old.isEmpty()) {
              inodeCount++;
            } else if (old.get().getParentId() != r.getParentId() || !old.get().getName().equals(r.getName())) {
              batch.delete(Keys.edge(old.get().getParentId(), old.get().getName()));
              edges.put(edgeOf(old.get()), Optional.empty());
            }
            batch.put(Keys.inode(r.getId()), r.toByteArray());
            if (!r.getDirectory() && !r.getComplete()) {
              batch.put(Keys.incomplete(r.getId()), new byte[0]);
            } else if (old.isPresent() && !old.get().getComplete()) {
              batch.delete(Keys.incomplete(r.getId()));
            }
            if (old.isPresent() && old.get().getTtlExpiryMs() != r.getTtlExpiryMs()) {
              batch.delete(Keys.ttl(old.get().getTtlExpiryMs(), r.getId()));
            }
            if (r.getTtlExpiryMs() > 0) {
              batch.put(Keys.ttl(r.getTtlExpiryMs(), r.getId()), new byte[0]);
            }
            pinsChanged |= indexPin(batch, old, r);
            if (r.getPersistPending()) {
              batch.put(Keys.persistPending(r.getId()), new byte[0]);
            } else if (old.isPresent() && old.get().getPersistPending()) {
              batch.delete(Keys.persistPending(r.getId()));
            }
            if (r.getParentId() != 0 || !r.getName().isEmpty()) {
              batch.put(Keys.edge(r.getParentId(), r.getName()), Keys.longValue(r.getId()));
              if (old.isEmpty()) {
                created.add(edgeOf(r)); // dropped from the cache after the batch's other edges are put
              } else {
                edges.put(edgeOf(r), Optional.of(r.getId()));
              }
            }
            touched.put(r.getId(), Optional.of(r));
          }
          case DELETE_INODE -> {
            long id = e.getDeleteInode().getId();
            Optional<InodeRecord> old = current(touched, id);
            if (old.isPresent()) {
              changedDirectories.add(old.get().getParentId());
              inodeCount--;
              batch.delete(Keys.edge(old.get().getParentId(), old.get().getName()));
              edges.put(edgeOf(old.get()), Optional.empty());
              batch.delete(Keys.inode(id));
              batch.delete(Keys.incomplete(id));
              batch.delete(Keys.persistPending(id));
              batch.delete(Keys.ttl(old.get().getTtlExpiryMs(), id));
              if (pinnedFile(old.get())) {
                batch.delete(Keys.pinned(id));
                pinsChanged = true;
              }
              touched.put(id, Optional.empty());
            }
          }
          case ADD_MOUNT -> {
            batch.put(Keys.mount(e.getAddMount().getMountId()), e.getAddMount().toByteArray());
            added.add(e.getAddMount());
          }
          case REMOVE_MOUNT -> {
            batch.delete(Keys.mount(e.getRemoveMount().getMountId()));
            removed.add(e.getRemoveMount().getMountId());
          }
          case ID_COUNTERS -> {
            // Counters only grow: mutations run concurrently, so a batch that took its ids
            // first may reach the log after one that took later ids.
            long nextInode = e.getIdCounters().getNextInodeId();
            if (nextInode > store.nextInodeId()) {
              batch.put(Keys.NEXT_INODE_ID, Keys.longValue(nextInode));
            }
            long nextMount = e.getIdCounters().getNextMountId();
            if (nextMount > store.nextMountId()) {
              batch.put(Keys.NEXT_MOUNT_ID, Keys.longValue(nextMount));
            }
          }
          case REQUEST_DONE -> {
            RequestDone done = e.getRequestDone();
            batch.put(Keys.request(done.getRequestId()), Keys.longValue(done.getInodeId()));
            if (done.getDoneMs() > 0) {
              batch.put(Keys.requestAge(done.getDoneMs(), done.getRequestId()), new byte[0]);
            }
          }
          case FORGET_REQUESTS -> {
            for (RequestDone done : e.getForgetRequests().getRequestsList()) {
              batch.delete(Keys.request(done.getRequestId()));
              batch.delete(Keys.requestAge(done.getDoneMs(), done.getRequestId()));
            }
          }
          case UPSERT_LOAD_JOB -> batch.put(Keys.loadJob(e.getUpsertLoadJob().getJobId()),
              e.getUpsertLoadJob().toByteArray());
          case ENTRY_NOT_SET -> throw new IllegalArgumentException("Empty journal entry");
        }
      }
      batch.put(Keys.INODE_COUNT, Keys.longValue(inodeCount));
      if (logIndex > 0) {
        batch.put(Keys.APPLIED_INDEX, Keys.longValue(logIndex));
      }
      store.write(batch, touched, edges, created, changedDirectories);
      if (pinsChanged) {
        store.pinsChanged();
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot build a metastore batch: " + e.getMessage(), e);
    }
    removed.forEach(mountListener::mountRemoved);
    added.forEach(mountListener::mountAdded);
  }

  /** Keeps a file's entry of the pinned index in line with its record; true if it entered or left the index. */
  private static boolean indexPin(WriteBatch batch, Optional<InodeRecord> old, InodeRecord r)
      throws RocksDBException {
    boolean was = old.isPresent() && pinnedFile(old.get());
    if (pinnedFile(r)) {
      batch.put(Keys.pinned(r.getId()), Keys.pinnedValue(r.getLength(), r.getReplication()));
    } else if (was) {
      batch.delete(Keys.pinned(r.getId()));
    }
    return was != pinnedFile(r);
  }

  private static boolean pinnedFile(InodeRecord inode) {
    return inode.getPinned() && !inode.getDirectory();
  }

  private static MetaStore.Edge edgeOf(InodeRecord inode) {
    return new MetaStore.Edge(inode.getParentId(), inode.getName());
  }

  private Optional<InodeRecord> current(Map<Long, Optional<InodeRecord>> touched, long id) {
    Optional<InodeRecord> t = touched.get(id);
    return t != null ? t : store.inode(id);
  }
}
