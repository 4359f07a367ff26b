package io.ferry.worker.block;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks added and removed since the master last acknowledged a report. Only
 * each block's latest change is kept. A report is a {@link Snapshot}; once the
 * master has it, {@link #acknowledge} drops exactly the changes it carried, so
 * a failed heartbeat loses nothing and a change made meanwhile is kept.
 */
public final class BlockChangeLog {
  private record Change(boolean added, long sequence) {}

  private final Map<Long, Change> pending = new HashMap<>();
  private long sequence;

  public synchronized void added(long blockId) {
    pending.put(blockId, new Change(true, ++sequence));
  }

  public synchronized void removed(long blockId) {
    pending.put(blockId, new Change(false, ++sequence));
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(Map.copyOf(pending));
  }

  public synchronized void acknowledge(Snapshot snapshot) {
    snapshot.changes.forEach(pending::remove);
  }

  /** The changes of one report. */
  public static final class Snapshot {
    private final Map<Long, Change> changes;

    private Snapshot(Map<Long, Change> changes) {
      this.changes = changes;
    }

    public List<Long> addedBlockIds() {
      return changes.entrySet().stream().filter(e -> e.getValue().added()).map(Map.Entry::getKey).toList();
    }

    public List<Long> removedBlockIds() {
      return changes.entrySet().stream().filter(e -> !e.getValue().added()).map(Map.Entry::getKey).toList();
    }
  }
}
