package io.ferry.worker.fetch;

import io.ferry.proto.PartialBlockReport;
import io.ferry.worker.PendingChanges;
import java.util.List;

/**
 * The cached bytes of partially cached blocks that changed since the master
 * last acknowledged a report (0: the block's partial copy is gone). Only each
 * block's latest change is kept, and a failed heartbeat loses nothing (as
 * {@code BlockChangeLog} for whole blocks).
 */
public final class PartialBlockLog {
  private final PendingChanges<Long> pending = new PendingChanges<>();

  void changed(long blockId, long cachedBytes) {
    pending.changed(blockId, cachedBytes);
  }

  public Snapshot snapshot() {
    return new Snapshot(pending.snapshot());
  }

  public void acknowledge(Snapshot snapshot) {
    pending.acknowledge(snapshot.changes);
  }

  /** The changes of one report. */
  public static final class Snapshot {
    private final PendingChanges.Snapshot<Long> changes;

    private Snapshot(PendingChanges.Snapshot<Long> changes) {
      this.changes = changes;
    }

    public List<PartialBlockReport> blocks() {
      return changes.values().entrySet().stream().map(e -> PartialBlockReport.newBuilder().setBlockId(e.getKey())
          .setCachedBytes(e.getValue()).build()).toList();
    }
  }
}
