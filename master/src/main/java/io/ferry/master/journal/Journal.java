package io.ferry.master.journal;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.JournalEntry;
import java.util.List;

/**
 * Where the namespace sends its mutations. When {@link #write} and then
 * {@link #awaitDurable} return, the entries are durable and applied; only
 * then may the RPC be acknowledged. The single-master journal applies
 * locally; the HA journal (Ratis) replicates first and applies through the
 * same state machine.
 */
public interface Journal {
  /** Applies the entries; they are durable once {@link #awaitDurable} returns on the same thread. */
  void write(List<JournalEntry> entries) throws FerryException;

  /**
   * Waits until what this thread wrote is durable; called after the
   * operation's locks are released, so concurrent mutations share one fsync.
   * Writes of operations on unrelated paths arrive concurrently.
   */
  default void awaitDurable() throws FerryException {
    pendingDurable().await();
  }

  /**
   * What this thread wrote so far, as a wait that makes it durable: {@link #awaitDurable}, but the
   * wait may run on another thread while this one goes on writing (a streamed listing makes one
   * page durable while it applies the next). The journal forgets the thread's writes, as
   * {@link #awaitDurable} does.
   */
  default DurableWait pendingDurable() {
    return () -> {};
  }

  /** Returns once the writes it stands for are durable. */
  @FunctionalInterface
  interface DurableWait {
    void await() throws FerryException;
  }

  /**
   * Before a change in the under storage that the operation's entries will
   * follow: fails (NOT_LEADER) unless this master is confirmed to be the one
   * that writes now, so a deposed HA leader never changes the under storage
   * from its stale view of the namespace. One master: nothing to confirm.
   */
  default void confirmWriter() throws FerryException {}
}
