package io.ferry.master.replication;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.proto.ReplicateBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the replication checker asked for: queued per worker until its next
 * heartbeat, and remembered as in flight for a while so the next check does
 * not ask again for a copy still being made. A copy that never shows up in
 * the worker's block report is asked for again once that time is over.
 */
public final class ReplicationCommands {
  private final Map<Long, List<ReplicateBlock>> queued = new HashMap<>();
  private final Cache<Long, Boolean> inFlight;

  public ReplicationCommands(Duration copyTimeout) {
    this.inFlight = Caffeine.newBuilder().expireAfterWrite(copyTimeout).build();
  }

  synchronized void send(long workerId, ReplicateBlock copy) {
    queued.computeIfAbsent(workerId, w -> new ArrayList<>()).add(copy);
    inFlight.put(copy.getBlockId(), Boolean.TRUE);
  }

  boolean inFlight(long blockId) {
    return inFlight.getIfPresent(blockId) != null;
  }

  /** The copies a worker is to make, handed out once (with its heartbeat response). */
  public synchronized List<ReplicateBlock> take(long workerId) {
    List<ReplicateBlock> copies = queued.remove(workerId);
    return copies == null ? List.of() : copies;
  }
}
