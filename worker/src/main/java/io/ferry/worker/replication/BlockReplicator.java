package io.ferry.worker.replication;

import io.ferry.common.DaemonThreads;
import io.ferry.common.grpc.WorkerChannels;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReadBlockResponse;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.UfsBlockSource;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TempBlock;
import io.ferry.worker.security.CapabilityGuard;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the copies the master's replication checker asks for: streams the
 * block from the worker that holds it and caches it here. The request names
 * no UFS file, so the source serves only its cached copy and never reads the
 * UFS; a copy that fails is asked for again by a later check. Copies run
 * several at a time over one channel per source worker, written straight
 * into the last tier's file (see {@link BlockStore#createReplicaTemp}).
 */
public final class BlockReplicator implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReplicator.class);
  /**
   * Each chunk arrives as a byte array: kept below half a G1 region (1 MiB on
   * small heaps) it is an ordinary young object. Larger chunks are
   * "humongous" objects whose allocations each start a GC; with 4 MiB chunks
   * a worker made ~30 collections (0.4–0.6 s of pauses) while copying 350 MiB.
   */
  private static final int CHUNK_BYTES = 256 << 10;

  private final BlockStore store;
  private final WorkerCounters counters;
  private final WorkerChannels sources;
  private final Duration copyTimeout;
  private final ExecutorService pool;
  private final Runnable whenIdle;
  private final CapabilityGuard guard;
  /** Copies queued or running. */
  private final AtomicInteger copies = new AtomicInteger();
  /** Since when copies have been queued or running, and what they copied: logged when the last one is over. */
  private volatile long busySince;
  private final LongAdder copiedBlocks = new LongAdder();
  private final LongAdder copiedBytes = new LongAdder();

  /** @param whenIdle run each time the last queued copy is over */
  public BlockReplicator(BlockStore store, WorkerCounters counters, int concurrency, Duration connectTimeout,
      TransportSecurity security, Duration copyTimeout, CapabilityGuard guard, Runnable whenIdle) {
    this.guard = guard;
    this.store = store;
    this.counters = counters;
    this.sources = new WorkerChannels(connectTimeout, security);
    this.copyTimeout = copyTimeout;
    this.pool = Executors.newFixedThreadPool(concurrency, DaemonThreads.numbered("ferry-replication"));
    this.whenIdle = whenIdle;
  }

  /** Copies the block in the background. */
  public void replicate(ReplicateBlock copy) {
    if (copies.getAndIncrement() == 0) {
      busySince = System.nanoTime();
    }
    try {
      pool.execute(() -> {
        try {
          copyQuietly(copy);
        } finally { // also after a failure copyQuietly did not expect, or the count never falls to 0 again
          if (copies.decrementAndGet() == 0) {
            idle();
          }
        }
      });
    } catch (RejectedExecutionException e) {
      copies.decrementAndGet(); // shutting down: the master asks again
    }
  }

  private void idle() {
    LOG.info("Made {} block copies ({} MiB) in {} ms", copiedBlocks.sumThenReset(), copiedBytes.sumThenReset() >> 20,
        (System.nanoTime() - busySince) / 1_000_000);
    whenIdle.run();
  }

  private void copyQuietly(ReplicateBlock copy) {
    String source = WorkerChannels.key(copy.getSource());
    try {
      if (store.get(copy.getBlockId()).filter(m -> m.fingerprint().equals(copy.getFingerprint())).isEmpty()) {
        long start = System.nanoTime();
        copy(copy);
        counters.replicatedBlock();
        copiedBlocks.increment();
        copiedBytes.add(copy.getLength());
        LOG.debug("Copied block {} from {} in {} ms", copy.getBlockId(), source,
            (System.nanoTime() - start) / 1_000_000);
      }
    } catch (IOException | StatusRuntimeException e) {
      LOG.warn("Cannot copy block {} from worker {}: {}", copy.getBlockId(), source, e.toString());
    }
  }

  private void copy(ReplicateBlock copy) throws IOException {
    TempBlock temp = store.createReplicaTemp(copy.getBlockId());
    // a copy that fails half way cancels its stream: the channel outlives it
    Context.CancellableContext call = Context.current().withCancellation();
    Context previous = call.attach();
    try {
      Iterator<ReadBlockResponse> chunks = BlockWorkerServiceGrpc.newBlockingStub(sources.channel(copy.getSource()))
          .withDeadlineAfter(copyTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .readBlock(ReadBlockRequest.newBuilder()
              .setBlockId(copy.getBlockId())
              .setChunkSize(CHUNK_BYTES)
              .setCapability(guard.forCopy(copy.getBlockId()))
              .setSource(UfsBlockSource.newBuilder().setFingerprint(copy.getFingerprint())
                  .setBlockLength(copy.getLength()))
              .build());
      while (chunks.hasNext()) {
        temp.write(chunks.next().getChunk().asReadOnlyByteBuffer());
      }
      temp.close();
      if (temp.length() != copy.getLength()) {
        throw new IOException("got " + temp.length() + " bytes, expected " + copy.getLength());
      }
      store.commit(temp, copy.getFingerprint());
    } finally {
      call.detach(previous);
      call.cancel(null);
      temp.discard(); // a no-op once committed
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    sources.close();
  }
}
