package io.ferry.worker;

import io.ferry.proto.WorkerMetrics;
import java.util.concurrent.atomic.LongAdder;

/** The worker's cumulative metrics, reported in every heartbeat. */
public final class WorkerCounters {
  private final LongAdder cacheHits = new LongAdder();
  private final LongAdder cacheMisses = new LongAdder();
  private final LongAdder ufsBytesRead = new LongAdder();
  private final LongAdder bytesServed = new LongAdder();
  private final LongAdder corruptBlocks = new LongAdder();
  private final LongAdder replicatedBlocks = new LongAdder();

  /** A read request served from a cached block. */
  public void cacheHit() {
    cacheHits.increment();
  }

  /** A read request that needed a fetch from the UFS. */
  public void cacheMiss() {
    cacheMisses.increment();
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
