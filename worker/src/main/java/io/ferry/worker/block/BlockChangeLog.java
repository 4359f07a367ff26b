package io.ferry.worker.block;

import io.ferry.worker.PendingChanges;
import java.util.List;
import java.util.Map;

/**
 * Blocks added and removed since the master last acknowledged a report. Only
 * each block's latest change is kept. A report is a {@link Snapshot}; once the
 * master has it, {@link #acknowledge} drops exactly the changes it carried, so
 * a failed heartbeat loses nothing and a change made meanwhile is kept.
 */
public final class BlockChangeLog {
  /** True for an added block, false for a removed one. */
  private final PendingChanges<Boolean> pending = new PendingChanges<>();

  public void added(long blockId) {
    pending.changed(blockId, true);
  }

  public void removed(long blockId) {
    pending.changed(blockId, false);
  }

  public Snapshot snapshot() {
    return new Snapshot(pending.snapshot());
  }

  public void acknowledge(Snapshot snapshot) {
    pending.acknowledge(snapshot.changes);
  }

  /** The changes of one report. */
  public static final class Snapshot {
    private final PendingChanges.Snapshot<Boolean> changes;

    private Snapshot(PendingChanges.Snapshot<Boolean> changes) {
      this.changes = changes;
    }

    public List<Long> addedBlockIds() {
      return withChange(true);
    }

    public List<Long> removedBlockIds() {
      return withChange(false);
    }

    private List<Long> withChange(boolean added) {
      return changes.values().entrySet().stream().filter(e -> e.getValue() == added).map(Map.Entry::getKey)
          .toList();
    }
  }
}
