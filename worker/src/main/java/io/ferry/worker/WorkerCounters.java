package io.ferry.worker;

import io.ferry.proto.WorkerMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The worker's cumulative metrics, reported in every heartbeat. */
public final class WorkerCounters {
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder cacheMissBytes = new LongAdder();
  private final Map<String, BlocksAndBytes> hitsByTier = new ConcurrentHashMap<>();
  private final LongAdder ufsBytesRead = new LongAdder();
  private final LongAdder bytesServed = new LongAdder();
  private final LongAdder corruptBlocks = new LongAdder();
  private final LongAdder replicatedBlocks = new LongAdder();

  /** A blocks and bytes count. */
  public static final class BlocksAndBytes {
    private final LongAdder blocks = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    void add(long length) {
      blocks.increment();
      bytes.add(length);
    }

    public long blocks() {
      return blocks.sum();
    }

    public long bytes() {
      return bytes.sum();
    }
  }

  /** A read request served from a cached block of {@code length} bytes in {@code tier}. */
  public void cacheHit(String tier, long length) {
    cacheHits.increment();
    hitsByTier.computeIfAbsent(tier, t -> new BlocksAndBytes()).add(length);
  }

  /** A read request that needed a fetch of {@code length} bytes from the UFS. */
  public void cacheMiss(long length) {
    cacheMisses.increment();
    cacheMissBytes.add(length);
  }

  /** Cache hits per tier alias since the worker started. */
  public Map<String, BlocksAndBytes> hitsByTier() {
    return hitsByTier;
  }

  public long cacheMissBytes() {
    return cacheMissBytes.sum();
  }

  public void ufsBytesRead(long n) {
    ufsBytesRead.add(n);
  }

  public void bytesServed(long n) {
    bytesServed.add(n);
  }

  /** A cached block whose bytes did not match its checksum (dropped, never served). */
  public void corruptBlock() {
    corruptBlocks.increment();
  }

  /** A block copied from another worker on the master's request. */
  public void replicatedBlock() {
    replicatedBlocks.increment();
  }

  public WorkerMetrics snapshot() {
    return WorkerMetrics.newBuilder()
        .setCacheHits(cacheHits.sum())
        .setCacheMisses(cacheMisses.sum())
        .setUfsBytesRead(ufsBytesRead.sum())
        .setBytesServed(bytesServed.sum())
        .setCorruptBlocks(corruptBlocks.sum())
        .setReplicatedBlocks(replicatedBlocks.sum())
        .build();
  }
}
