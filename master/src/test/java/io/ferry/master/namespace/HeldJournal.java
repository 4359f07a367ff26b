package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.proto.JournalEntry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A journal that holds back the first write that adds or changes an inode
 * of a given name until {@link #release}: a slow journal write (a Raft
 * round trip) made as long as a test wants, while the operation that made
 * it holds its locks. Every other write goes straight through.
 */
final class HeldJournal implements Journal {
  private final Journal delegate;
  private final String heldName;
  private final CountDownLatch reached = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  HeldJournal(Journal delegate, String heldName) {
    this.delegate = delegate;
    this.heldName = heldName;
  }

  @Override
  public void write(List<JournalEntry> entries) throws FerryException {
    boolean hold = entries.stream()
        .anyMatch(e -> e.hasUpsertInode() && e.getUpsertInode().getName().equals(heldName));
    if (hold && reached.getCount() > 0) {
      reached.countDown();
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while held", e);
      }
    }
    delegate.write(entries);
  }

  @Override
  public DurableWait pendingDurable() {
    return delegate.pendingDurable();
  }

  /** Waits until the held write has arrived. */
  void awaitHeld() throws InterruptedException {
    if (!reached.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("No write of an inode named " + heldName + " arrived");
    }
  }

  void release() {
    released.countDown();
  }
}
