package io.ferry.master.journal;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import java.util.List;

/**
 * The single-master journal: entries are applied by the local state
 * machine, and a mutation is acknowledged after an fsync of the metastore's
 * log that covers it (group commit: callers waiting at once share one fsync).
 */
public final class LocalJournal implements Journal {
  private final MetaStateMachine stateMachine;
  private final MetaStore store;
  private final ThreadLocal<Long> unsynced = new ThreadLocal<>();
  private long durableSequence;
  private boolean syncing;

  /** {@code store} is the state machine's, opened without per-write sync. */
  public LocalJournal(MetaStateMachine stateMachine, MetaStore store) {
    this.stateMachine = stateMachine;
    this.store = store;
  }

  @Override
  public void write(List<JournalEntry> entries) throws FerryException {
    if (!entries.isEmpty()) {
      stateMachine.apply(entries);
      unsynced.set(store.lastSequence());
    }
  }

  @Override
  public DurableWait pendingDurable() {
    Long sequence = unsynced.get();
    if (sequence == null) {
      return () -> {};
    }
    unsynced.remove();
    return () -> syncPast(sequence);
  }

  /** Returns once the log is synced at or past {@code sequence}, by this caller's fsync or another's. */
  private void syncPast(long sequence) throws FerryException {
    synchronized (this) {
      while (syncing && durableSequence < sequence) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new FerryException(io.ferry.common.error.ErrorCode.UNAVAILABLE, "Interrupted before the sync", e);
        }
      }
      if (durableSequence >= sequence) {
        return; // another caller's fsync covered this write
      }
      syncing = true;
    }
    long target = store.lastSequence();
    boolean synced = false;
    try {
      store.syncWal();
      synced = true;
    } finally {
      synchronized (this) {
        syncing = false;
        if (synced) {
          durableSequence = Math.max(durableSequence, target);
        }
        notifyAll();
      }
    }
  }
}
