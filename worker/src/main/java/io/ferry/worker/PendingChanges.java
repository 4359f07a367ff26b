package io.ferry.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * The latest value of each id changed since the master last acknowledged a
 * report. A report is a {@link Snapshot}; once the master has it, {@link
 * #acknowledge} drops exactly the changes it carried, so a failed heartbeat
 * loses nothing and a change made meanwhile is kept.
 */
public final class PendingChanges<V> {
  private record Change<V>(V value, long sequence) {}

  private final Map<Long, Change<V>> pending = new HashMap<>();
  private long sequence;

  public synchronized void changed(long id, V value) {
    pending.put(id, new Change<>(value, ++sequence));
  }

  public synchronized Snapshot<V> snapshot() {
    return new Snapshot<>(Map.copyOf(pending));
  }

  public synchronized void acknowledge(Snapshot<V> snapshot) {
    snapshot.changes.forEach(pending::remove);
  }

  /** The changes of one report. */
  public static final class Snapshot<V> {
    private final Map<Long, Change<V>> changes;

    private Snapshot(Map<Long, Change<V>> changes) {
      this.changes = changes;
    }

    /** Each changed id with its latest value. */
    public Map<Long, V> values() {
      Map<Long, V> values = new HashMap<>();
      changes.forEach((id, change) -> values.put(id, change.value()));
      return values;
    }
  }
}
