package io.ferry.master.replication;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.proto.ReplicateBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies the replication checker asked for: queued per worker until they are
 * pushed to it ({@link ReplicationPusher}) or go with its next heartbeat
 * response, and remembered per block and target as pending so the next
 * check does not ask again for a copy still being made. A pending copy ends
 * when the target reports the block, when its source or target is lost (the
 * copy cannot finish: it is asked for again at once), or when the copy
 * timeout is over without the block showing up.
 */
public final class ReplicationCommands {
  private record Copy(long blockId, long targetId) {}

  private final Map<Long, List<ReplicateBlock>> queued = new HashMap<>();
  /** Pending copies and the worker each one copies from. */
  private final Cache<Copy, Long> pending;

  public ReplicationCommands(Duration copyTimeout) {
    this.pending = Caffeine.newBuilder().expireAfterWrite(copyTimeout).build();
  }

  synchronized void send(long workerId, ReplicateBlock copy) {
    queued.computeIfAbsent(workerId, w -> new ArrayList<>()).add(copy);
    pending.put(new Copy(copy.getBlockId(), workerId), copy.getSource().getWorkerId());
  }

  /** True if {@code targetId} is making a copy of the block from a worker that is still live. */
  boolean pending(long blockId, long targetId, Set<Long> liveIds) {
    Long source = pending.getIfPresent(new Copy(blockId, targetId));
    return source != null && liveIds.contains(source) && liveIds.contains(targetId);
  }

  /** Copies asked for and not reported done yet (ferry_master_replication_copies_in_flight). */
  public long inFlight() {
    pending.cleanUp();
    return pending.estimatedSize();
  }

  /** The target reported the block: its copy is no longer pending. */
  void done(long blockId, long targetId) {
    pending.invalidate(new Copy(blockId, targetId));
  }

  /** Copies handed out that did not reach the worker: they go out again. */
  synchronized void requeue(long workerId, List<ReplicateBlock> copies) {
    queued.computeIfAbsent(workerId, w -> new ArrayList<>()).addAll(copies);
  }

  /** The copies a worker is to make, handed out once (pushed, or with its heartbeat response). */
  public synchronized List<ReplicateBlock> take(long workerId) {
    List<ReplicateBlock> copies = queued.remove(workerId);
    return copies == null ? List.of() : copies;
  }
}
