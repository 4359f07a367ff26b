package io.ferry.worker.master;

import io.ferry.common.DaemonThreads;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.RelabelBlock;
import io.ferry.proto.ReplicateBlock;
import io.ferry.worker.FilesBeingWritten;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockChangeLog;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.fetch.PagedBlocks;
import io.ferry.worker.fetch.PartialBlockLog;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the master informed: registers (with every block held, whole or
 * in part), then heartbeats block changes (partially cached blocks too), tier usage and metrics on a fixed interval, and
 * passes on the block copies the master asks for, the pinned files it
 * sends when they changed and the write-back blocks whose file was persisted. An
 * unreachable master is retried forever; it may start after the worker.
 */
public final class MasterSync implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(MasterSync.class);
  private static final long UNREGISTERED = -1;

  private final MasterClient master;
  private final BlockStore store;
  private final PagedBlocks pages;
  private final WorkerCounters counters;
  private final FilesBeingWritten writing;
  private final String host;
  private final int rpcPort;
  /** The block transport's port; 0 when the worker has none. */
  private final int dataPort;
  /** False with authentication on: clients then read no block file directly (see CapabilityGuard). */
  private final boolean shareTierDirs;
  private final Duration interval;
  private final Consumer<ReplicateBlock> replicator;
  /** A heartbeatNow is queued: later ones join it (a burst of written files makes one heartbeat, not many). */
  private final AtomicBoolean nowQueued = new AtomicBoolean();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("ferry-worker-heartbeat"));
  private volatile long workerId = UNREGISTERED;
  private boolean masterUnreachable;
  private volatile boolean closed;

  public MasterSync(MasterClient master, BlockStore store, PagedBlocks pages, WorkerCounters counters, FilesBeingWritten writing,
      String host, int rpcPort, int dataPort, boolean shareTierDirs, Duration interval,
      Consumer<ReplicateBlock> replicator) {
    this.shareTierDirs = shareTierDirs;
    this.master = master;
    this.store = store;
    this.pages = pages;
    this.counters = counters;
    this.writing = writing;
    this.host = host;
    this.rpcPort = rpcPort;
    this.dataPort = dataPort;
    this.interval = interval;
    this.replicator = replicator;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Heartbeats now rather than at the next interval (e.g. to report blocks the master waits for). */
  public void heartbeatNow() {
    if (!nowQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      timer.execute(() -> {
        nowQueued.set(false); // changes made from here on wait for the next heartbeat, or queue another
        tick();
      });
    } catch (RejectedExecutionException e) {
      // closed
    }
  }

  /** The id the master gave this worker, or -1 while not registered. */
  public long workerId() {
    return workerId;
  }

  private void tick() {
    try {
      if (workerId == UNREGISTERED) {
        register();
      } else {
        heartbeat();
      }
      if (masterUnreachable) {
        masterUnreachable = false;
        LOG.info("Reached the master at {} again", master.address());
      }
    } catch (FerryException e) {
      if (!masterUnreachable && !closed) {
        masterUnreachable = true;
        LOG.warn("Cannot reach the master at {}: {} (retrying every {} ms)", master.address(), reason(e),
            interval.toMillis());
      }
    } catch (RuntimeException e) {
      LOG.error("Heartbeat to the master at {} failed", master.address(), e); // keep the timer alive
    }
  }

  private void register() throws FerryException {
    // The full list supersedes every change logged before it.
    BlockChangeLog.Snapshot changes = store.changes().snapshot();
    PartialBlockLog.Snapshot partialChanges = pages.changes().snapshot();
    List<Long> blockIds = store.blockIds();
    RegisterWorkerRequest.Builder request = RegisterWorkerRequest.newBuilder()
        .setHost(host)
        .setRpcPort(rpcPort)
        .setDataPort(dataPort)
        .addAllTiers(store.tierUsages())
        .addAllBlockIds(blockIds)
        .addAllPartialBlocks(pages.all());
    if (shareTierDirs) {
      request.addAllTierDirs(store.tierDirs().stream().map(dir -> dir.toAbsolutePath().toString()).toList());
    }
    long id = master.register(request.build());
    store.changes().acknowledge(changes);
    pages.changes().acknowledge(partialChanges);
    workerId = id;
    LOG.info("Registered with the master at {} as worker {} ({}:{}, {} blocks)", master.address(), id, host,
        rpcPort, blockIds.size());
  }

  private void heartbeat() throws FerryException {
    BlockChangeLog.Snapshot changes = store.changes().snapshot();
    PartialBlockLog.Snapshot partialChanges = pages.changes().snapshot();
    HeartbeatResponse response;
    try {
      response = master.heartbeat(HeartbeatRequest.newBuilder()
          .setWorkerId(workerId)
          .addAllTiers(store.tierUsages())
          .addAllAddedBlockIds(changes.addedBlockIds())
          .addAllRemovedBlockIds(changes.removedBlockIds())
          .setMetrics(counters.snapshot())
          .setBlockCount(store.blockCount())
          .addAllWritingFileIds(writing.snapshot())
          .setPinnedVersion(store.pinsVersion())
          .addAllPartialBlocks(partialChanges.blocks())
          .build());
    } catch (FerryException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      // A master that forgot this worker may say so instead of answering REGISTER.
      response = HeartbeatResponse.newBuilder().setCommand(HeartbeatResponse.Command.REGISTER).build();
    }
    store.changes().acknowledge(changes);
    pages.changes().acknowledge(partialChanges);
    if (response.getCommand() == HeartbeatResponse.Command.REGISTER) {
      LOG.info("The master at {} does not know worker {}: registering again", master.address(), workerId);
      workerId = UNREGISTERED;
      register();
    }
    for (long blockId : response.getRemoveBlockIdsList()) {
      store.remove(blockId);
      pages.drop(blockId);
    }
    for (RelabelBlock relabel : response.getRelabelBlocksList()) {
      store.relabel(relabel.getBlockId(), relabel.getFingerprint());
    }
    if (response.hasPinnedFiles()) {
      store.pin(response.getPinnedFiles().getVersion(), response.getPinnedFiles().getFileIdsList());
    }
    response.getReplicateBlocksList().forEach(replicator);
  }

  /** The error's message and, for a transport failure, the underlying cause (e.g. connection refused). */
  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
