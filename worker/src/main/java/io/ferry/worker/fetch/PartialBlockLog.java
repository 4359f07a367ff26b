package io.ferry.worker.fetch;

import io.ferry.proto.PartialBlockReport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cached bytes of partially cached blocks that changed since the master
 * last acknowledged a report (0: the block's partial copy is gone). Only each
 * block's latest change is kept; {@link #acknowledge} drops exactly the
 * changes a report carried, so a failed heartbeat loses nothing (as {@code
 * BlockChangeLog} for whole blocks).
 */
public final class PartialBlockLog {
  private record Change(long cachedBytes, long sequence) {}

  private final Map<Long, Change> pending = new HashMap<>();
  private long sequence;

  synchronized void changed(long blockId, long cachedBytes) {
    pending.put(blockId, new Change(cachedBytes, ++sequence));
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

    public List<PartialBlockReport> blocks() {
      return changes.entrySet().stream().map(e -> PartialBlockReport.newBuilder().setBlockId(e.getKey())
          .setCachedBytes(e.getValue().cachedBytes()).build()).toList();
    }
  }
}
