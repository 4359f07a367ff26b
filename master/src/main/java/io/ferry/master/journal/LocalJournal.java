package io.ferry.master.journal;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.metastore.MetaStateMachine;
import java.util.List;

/** The single-master journal: entries are applied (and fsynced) by the local state machine. */
public final class LocalJournal implements Journal {
  private final MetaStateMachine stateMachine;

  public LocalJournal(MetaStateMachine stateMachine) {
    this.stateMachine = stateMachine;
  }

  @Override
  public void write(List<JournalEntry> entries) throws FerryException {
    if (!entries.isEmpty()) {
      stateMachine.apply(entries);
    }
  }
}
