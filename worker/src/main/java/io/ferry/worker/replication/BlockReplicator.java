package io.ferry.worker.replication;

import io.ferry.common.grpc.GrpcChannels;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReadBlockResponse;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.UfsBlockSource;
import io.ferry.worker.DaemonThreads;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TempBlock;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the copies the master's replication checker asks for: streams the
 * block from the worker that holds it and caches it here. The request names
 * no UFS file, so the source serves only its cached copy and never reads the
 * UFS; a copy that fails is asked for again by a later check.
 */
public final class BlockReplicator implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReplicator.class);

  private final BlockStore store;
  private final WorkerCounters counters;
  private final Duration connectTimeout;
  private final Duration copyTimeout;
  private final ExecutorService pool;

  public BlockReplicator(BlockStore store, WorkerCounters counters, int concurrency, Duration connectTimeout,
      Duration copyTimeout) {
    this.store = store;
    this.counters = counters;
    this.connectTimeout = connectTimeout;
    this.copyTimeout = copyTimeout;
    this.pool = Executors.newFixedThreadPool(concurrency, DaemonThreads.named("ferry-replication-"));
  }

  /** Copies the block in the background. */
  public void replicate(ReplicateBlock copy) {
    try {
      pool.execute(() -> copyQuietly(copy));
    } catch (RejectedExecutionException e) {
      // shutting down: the master asks again
    }
  }

  private void copyQuietly(ReplicateBlock copy) {
    String source = copy.getSource().getHost() + ":" + copy.getSource().getRpcPort();
    try {
      if (store.get(copy.getBlockId()).filter(m -> m.fingerprint().equals(copy.getFingerprint())).isEmpty()) {
        copy(copy);
        counters.replicatedBlock();
        LOG.debug("Copied block {} from {}", copy.getBlockId(), source);
      }
    } catch (IOException | StatusRuntimeException e) {
      LOG.warn("Cannot copy block {} from worker {}: {}", copy.getBlockId(), source, e.toString());
    }
  }

  private void copy(ReplicateBlock copy) throws IOException {
    ManagedChannel channel = GrpcChannels.forAddress(copy.getSource().getHost(), copy.getSource().getRpcPort(),
        connectTimeout);
    TempBlock temp = store.createTemp(copy.getBlockId());
    try {
      Iterator<ReadBlockResponse> chunks = BlockWorkerServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(copyTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .readBlock(ReadBlockRequest.newBuilder()
              .setBlockId(copy.getBlockId())
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
      temp.discard(); // a no-op once committed
      GrpcChannels.shutdown(channel);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
