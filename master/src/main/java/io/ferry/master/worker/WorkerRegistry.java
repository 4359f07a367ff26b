package io.ferry.master.worker;

import io.ferry.common.BlockIds;
import io.ferry.master.block.BlockLocations;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.PartialBlockReport;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import io.ferry.proto.WorkerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live workers, in memory: registration, heartbeats and loss. Block
 * locations of a worker live in {@link BlockLocations}.
 */
public final class WorkerRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRegistry.class);

  private final BlockLocations locations;
  private final LongSupplier clockMs;
  private final long timeoutMs;
  /** True if a file id is a file of the namespace; blocks of other ids are stale. */
  private final LongPredicate fileExists;
  private final Map<String, Long> idsByAddress = new HashMap<>();
  private final Map<Long, WorkerInfo> live = new HashMap<>();
  /** Lost workers as they were last heard of, until they register again. */
  private final Map<Long, WorkerInfo> lost = new HashMap<>();
  /** Ids start at the master's start time so a worker id from before a restart is never handed to another. */
  private long nextId;

  public WorkerRegistry(BlockLocations locations, LongSupplier clockMs, Duration timeout, LongPredicate fileExists) {
    this.locations = locations;
    this.clockMs = clockMs;
    this.timeoutMs = timeout.toMillis();
    this.fileExists = fileExists;
    this.nextId = System.currentTimeMillis();
  }

  /** Registers (or re-registers: same host:port, same id) a worker with everything it holds. */
  public synchronized long register(RegisterWorkerRequest request) {
    String key = request.getHost() + ":" + request.getRpcPort();
    long id = idsByAddress.computeIfAbsent(key, k -> nextId++);
    lost.remove(id);
    live.put(id, WorkerInfo.newBuilder()
        .setAddress(WorkerAddress.newBuilder().setWorkerId(id).setHost(request.getHost())
            .setRpcPort(request.getRpcPort()).setDataPort(request.getDataPort())
            .addAllTierDirs(request.getTierDirsList()))
        .addAllTiers(request.getTiersList())
        .setBlockCount(request.getBlockIdsCount())
        .setLastHeartbeatMs(clockMs.getAsLong())
        .setMetrics(WorkerMetrics.getDefaultInstance())
        .build());
    locations.removeWorker(id); // its block list replaces everything known about it
    locations.add(id, keepLive(id, request.getBlockIdsList()));
    setPartial(id, request.getPartialBlocksList());
    LOG.info("Worker {} registered as {} with {} block(s)", key, id, request.getBlockIdsCount());
    return id;
  }

  public synchronized HeartbeatResponse heartbeat(HeartbeatRequest request) {
    long id = request.getWorkerId();
    WorkerInfo info = live.get(id);
    if (info == null) {
      return HeartbeatResponse.newBuilder().setCommand(HeartbeatResponse.Command.REGISTER).build();
    }
    live.put(id, info.toBuilder()
        .clearTiers().addAllTiers(request.getTiersList())
        .setBlockCount(request.getBlockCount())
        .setMetrics(request.getMetrics())
        .setLastHeartbeatMs(clockMs.getAsLong())
        .build());
    locations.remove(id, request.getRemovedBlockIdsList());
    locations.add(id, keepLive(id, request.getAddedBlockIdsList()));
    setPartial(id, request.getPartialBlocksList());
    return HeartbeatResponse.newBuilder().addAllRemoveBlockIds(locations.takeRemovals(id))
        .addAllRelabelBlocks(locations.takeRelabels(id)).build();
  }

  /** Records the worker's partially cached blocks; those of files that no longer exist are queued for removal. */
  private void setPartial(long workerId, List<PartialBlockReport> blocks) {
    List<Long> stale = new ArrayList<>();
    for (PartialBlockReport b : blocks) {
      if (b.getCachedBytes() > 0 && !fileExists.test(BlockIds.fileId(b.getBlockId()))) {
        stale.add(b.getBlockId());
      } else {
        locations.setPartial(workerId, b.getBlockId(), b.getCachedBytes());
      }
    }
    locations.requestRemoval(workerId, stale);
  }

  /** The blocks whose file still exists; the others are queued for removal. */
  private List<Long> keepLive(long workerId, Collection<Long> blockIds) {
    List<Long> keep = new ArrayList<>();
    List<Long> stale = new ArrayList<>();
    for (long b : blockIds) {
      (fileExists.test(BlockIds.fileId(b)) ? keep : stale).add(b);
    }
    locations.requestRemoval(workerId, stale);
    return keep;
  }

  /** Declares workers silent for longer than the timeout lost and drops their locations; returns how many. */
  public synchronized int expireSilentWorkers() {
    long now = clockMs.getAsLong();
    List<WorkerInfo> silent = live.values().stream()
        .filter(w -> now - w.getLastHeartbeatMs() > timeoutMs).toList();
    for (WorkerInfo w : silent) {
      long id = w.getAddress().getWorkerId();
      live.remove(id);
      lost.put(id, w);
      locations.removeWorker(id);
      LOG.warn("Worker {}:{} ({}) lost: no heartbeat for {} ms", w.getAddress().getHost(),
          w.getAddress().getRpcPort(), id, now - w.getLastHeartbeatMs());
    }
    return silent.size();
  }

  public synchronized List<WorkerInfo> liveWorkers() {
    return new ArrayList<>(live.values());
  }

  public synchronized boolean isLive(long workerId) {
    return live.containsKey(workerId);
  }

  public synchronized Optional<WorkerAddress> liveAddress(long workerId) {
    WorkerInfo w = live.get(workerId);
    return w == null ? Optional.empty() : Optional.of(w.getAddress());
  }

  public synchronized int lostCount() {
    return lost.size();
  }

  /** The lost workers as last heard of (the web UI lists them). */
  public synchronized List<WorkerInfo> lostWorkers() {
    return new ArrayList<>(lost.values());
  }
}
