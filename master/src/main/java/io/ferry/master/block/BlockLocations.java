package io.ferry.master.block;

import io.ferry.common.BlockIds;
import io.ferry.proto.RelabelBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Which workers hold which blocks (in memory; rebuilt from worker
 * registrations after a restart), and the blocks each worker should drop
 * in its next heartbeat. Blocks are keyed by id, so a file's blocks are one
 * contiguous range. Besides the locations (workers holding a block whole),
 * the bytes of the blocks workers hold only some pages of: they count as
 * cached bytes, never as locations a reader is sent to.
 */
public final class BlockLocations {
  private final NavigableMap<Long, Set<Long>> workersByBlock = new TreeMap<>();
  private final Map<Long, Set<Long>> blocksByWorker = new HashMap<>();
  private final Map<Long, Set<Long>> pendingRemovals = new HashMap<>();
  /** Worker id, then block id, then the fingerprint the worker is to give its cache-only copy. */
  private final Map<Long, Map<Long, String>> pendingRelabels = new HashMap<>();
  /** Block id, then worker id, then the bytes of the block that worker holds in part. */
  private final NavigableMap<Long, Map<Long, Long>> partialBytes = new TreeMap<>();

  public synchronized void add(long workerId, Collection<Long> blockIds) {
    Set<Long> mine = blocksByWorker.computeIfAbsent(workerId, w -> new HashSet<>());
    for (long b : blockIds) {
      workersByBlock.computeIfAbsent(b, x -> new HashSet<>()).add(workerId);
      mine.add(b);
    }
    notifyAll(); // awaitHeld
  }

  /**
   * Waits until the file's first {@code blockCount} blocks each have a location, at most {@code timeout};
   * whether they all have.
   */
  public synchronized boolean awaitHeld(long fileId, int blockCount, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < blockCount; i++) {
      while (!workersByBlock.containsKey(BlockIds.of(fileId, i))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
    return true;
  }

  public synchronized void remove(long workerId, Collection<Long> blockIds) {
    Set<Long> mine = blocksByWorker.getOrDefault(workerId, Set.of());
    for (long b : blockIds) {
      unlink(b, workerId);
      mine.remove(b);
    }
  }

  /** Records how many bytes of a block a worker holds in part (0: none any more). */
  public synchronized void setPartial(long workerId, long blockId, long cachedBytes) {
    if (cachedBytes > 0) {
      partialBytes.computeIfAbsent(blockId, b -> new HashMap<>()).put(workerId, cachedBytes);
    } else {
      unlinkPartial(blockId, workerId);
    }
  }

  /** The workers holding part of a block, with the bytes each holds (a copy). */
  public synchronized Map<Long, Long> partialHoldersOf(long blockId) {
    Map<Long, Long> holders = partialBytes.get(blockId);
    return holders == null ? Map.of() : Map.copyOf(holders);
  }

  /** Forgets a worker (lost or re-registering), its partial blocks and its pending removals. */
  public synchronized void removeWorker(long workerId) {
    Set<Long> mine = blocksByWorker.remove(workerId);
    if (mine != null) {
      mine.forEach(b -> unlink(b, workerId));
    }
    for (Iterator<Map<Long, Long>> holders = partialBytes.values().iterator(); holders.hasNext(); ) {
      Map<Long, Long> h = holders.next();
      if (h.remove(workerId) != null && h.isEmpty()) {
        holders.remove();
      }
    }
    pendingRemovals.remove(workerId);
    pendingRelabels.remove(workerId);
  }

  /** Drops every location and partial copy of a file's blocks and asks their workers to free them. */
  public synchronized void dropFile(long fileId) {
    NavigableMap<Long, Set<Long>> range = blocksOf(workersByBlock, fileId);
    for (Map.Entry<Long, Set<Long>> e : range.entrySet()) {
      for (long w : e.getValue()) {
        queueRemoval(w, e.getKey());
      }
    }
    range.clear();
    NavigableMap<Long, Map<Long, Long>> partial = blocksOf(partialBytes, fileId);
    partial.forEach((block, holders) -> holders.keySet().forEach(w ->
        pendingRemovals.computeIfAbsent(w, x -> new HashSet<>()).add(block)));
    partial.clear();
  }

  private static <V> NavigableMap<Long, V> blocksOf(NavigableMap<Long, V> byBlock, long fileId) {
    return byBlock.subMap(BlockIds.of(fileId, 0), true, BlockIds.of(fileId, BlockIds.MAX_INDEX), true);
  }

  /**
   * A file written back was persisted with {@code fingerprint}: the workers
   * holding its blocks are asked to keep them as ordinary cached blocks of that
   * version (with their next heartbeat) rather than cache-only ones.
   */
  public synchronized void relabelFile(long fileId, String fingerprint) {
    blocksOf(workersByBlock, fileId).forEach((block, workers) -> workers.forEach(w ->
        pendingRelabels.computeIfAbsent(w, x -> new HashMap<>()).put(block, fingerprint)));
  }

  /** The relabels queued for a worker, which it gets in its next heartbeat. */
  public synchronized List<RelabelBlock> takeRelabels(long workerId) {
    Map<Long, String> r = pendingRelabels.remove(workerId);
    return r == null ? List.of() : r.entrySet().stream().map(e -> RelabelBlock.newBuilder().setBlockId(e.getKey())
        .setFingerprint(e.getValue()).build()).toList();
  }

  /** Asks a worker to free blocks it should not hold (e.g. of deleted files). */
  public synchronized void requestRemoval(long workerId, Collection<Long> blockIds) {
    if (!blockIds.isEmpty()) {
      pendingRemovals.computeIfAbsent(workerId, x -> new HashSet<>()).addAll(blockIds);
    }
  }

  /** The removals queued for a worker, which it gets in its next heartbeat. */
  public synchronized List<Long> takeRemovals(long workerId) {
    Set<Long> r = pendingRemovals.remove(workerId);
    return r == null ? List.of() : new ArrayList<>(r);
  }

  public synchronized Set<Long> workersOf(long blockId) {
    Set<Long> w = workersByBlock.get(blockId);
    return w == null ? Set.of() : Set.copyOf(w);
  }

  /** Every block with at least one location, with its workers (a copy). */
  public synchronized Map<Long, Set<Long>> snapshot() {
    Map<Long, Set<Long>> copy = new HashMap<>();
    workersByBlock.forEach((block, workers) -> copy.put(block, Set.copyOf(workers)));
    return copy;
  }

  /** Drops one worker's copy of a block at once and asks the worker to free it. */
  public synchronized void trim(long workerId, long blockId) {
    unlink(blockId, workerId);
    queueRemoval(workerId, blockId);
  }

  /** Forgets the worker's copy and asks it to free the block with its next heartbeat. */
  private void queueRemoval(long workerId, long blockId) {
    blocksByWorker.getOrDefault(workerId, new HashSet<>()).remove(blockId);
    pendingRemovals.computeIfAbsent(workerId, x -> new HashSet<>()).add(blockId);
  }

  /** Distinct blocks with at least one location. */
  public synchronized long cachedBlockCount() {
    return workersByBlock.size();
  }

  private void unlinkPartial(long blockId, long workerId) {
    Map<Long, Long> h = partialBytes.get(blockId);
    if (h != null && h.remove(workerId) != null && h.isEmpty()) {
      partialBytes.remove(blockId);
    }
  }

  private void unlink(long blockId, long workerId) {
    Set<Long> w = workersByBlock.get(blockId);
    if (w != null && w.remove(workerId) && w.isEmpty()) {
      workersByBlock.remove(blockId);
    }
  }
}
