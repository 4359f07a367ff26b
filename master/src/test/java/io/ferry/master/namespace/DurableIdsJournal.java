package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.proto.JournalEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal that knows which inode ids are durable: those a thread wrote before it took its
 * {@link #pendingDurable} wait, once that wait has returned (on whichever thread).
 */
final class DurableIdsJournal implements Journal {
  private final Journal delegate;
  private final ThreadLocal<List<Long>> written = ThreadLocal.withInitial(ArrayList::new);
  private final Set<Long> durable = ConcurrentHashMap.newKeySet();

  DurableIdsJournal(Journal delegate) {
    this.delegate = delegate;
  }

  @Override
  public void write(List<JournalEntry> entries) throws FerryException {
    delegate.write(entries);
    entries.stream().filter(JournalEntry::hasUpsertInode).forEach(e -> written.get().add(e.getUpsertInode().getId()));
  }

  @Override
  public DurableWait pendingDurable() {
    DurableWait wait = delegate.pendingDurable();
    List<Long> ids = written.get();
    written.remove();
    return () -> {
      wait.await();
      durable.addAll(ids);
    };
  }

  boolean isDurable(long inodeId) {
    return durable.contains(inodeId);
  }
}
