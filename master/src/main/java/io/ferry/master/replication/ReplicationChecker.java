package io.ferry.master.replication;

import io.ferry.common.BlockIds;
import io.ferry.common.placement.WorkerPlacement;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.WorkerInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every cached block at its file's replication factor (capped by the
 * number of live workers). An under-replicated block is copied worker to
 * worker, from a holder, to the best-ranked live workers that lack it (never
 * from the UFS: a holder exists); an over-replicated one keeps its
 * best-ranked holders and the others are asked to drop it. Blocks lost with
 * a worker are not in the location table any more, so they count as missing,
 * and so do copies that were being made from or to it. A file waiting for
 * its persist job (ASYNC_THROUGH) keeps at least its durable copies
 * ({@code ferry.user.file.replication.durable}): they are its only ones.
 */
public final class ReplicationChecker {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationChecker.class);

  private final BlockLocations locations;
  private final WorkerRegistry workers;
  private final LongFunction<Optional<InodeRecord>> files;
  private final ReplicationCommands commands;
  private final int durableCopies;
  /** Cached blocks with fewer copies than their factor (capped by the live workers) at the last check. */
  private volatile long underReplicated;

  public ReplicationChecker(BlockLocations locations, WorkerRegistry workers,
      LongFunction<Optional<InodeRecord>> files, ReplicationCommands commands, int durableCopies) {
    this.durableCopies = durableCopies;
    this.locations = locations;
    this.workers = workers;
    this.files = files;
    this.commands = commands;
  }

  /** Cached blocks below their replication factor at the last check. */
  public long underReplicated() {
    return underReplicated;
  }

  /** One pass over every cached block (the periodic check and one started by a worker loss may overlap). */
  public synchronized void check() {
    List<WorkerInfo> live = workers.liveWorkers();
    Set<Long> liveIds = live.stream().map(ReplicationChecker::id).collect(Collectors.toSet());
    int copies = 0;
    int trims = 0;
    long under = 0;
    for (Map.Entry<Long, Set<Long>> e : locations.snapshot().entrySet()) {
      long blockId = e.getKey();
      Optional<InodeRecord> file = files.apply(BlockIds.fileId(blockId)).filter(f -> !f.getDirectory());
      if (file.isEmpty()) {
        continue; // a deleted file: its blocks are being removed already
      }
      int wanted = Math.min(wantedCopies(file.get()), live.size());
      List<WorkerInfo> ranked = WorkerPlacement.rank(blockId, live);
      List<WorkerInfo> holders = ranked.stream().filter(w -> e.getValue().contains(id(w))).toList();
      if (holders.isEmpty()) {
        continue;
      }
      holders.forEach(h -> commands.done(blockId, id(h)));
      if (holders.size() < wanted) {
        under++;
      }
      List<WorkerInfo> lacking = ranked.stream().filter(w -> !holders.contains(w)).toList();
      List<WorkerInfo> free = lacking.stream().filter(w -> !commands.pending(blockId, id(w), liveIds)).toList();
      int making = lacking.size() - free.size();
      if (holders.size() + making < wanted) {
        ReplicateBlock copy = copyOf(blockId, file.get(), holders.get(0));
        List<WorkerInfo> targets = free.subList(0, wanted - holders.size() - making);
        targets.forEach(t -> commands.send(id(t), copy));
        copies += targets.size();
      } else if (holders.size() > wanted) {
        holders.subList(wanted, holders.size()).forEach(h -> locations.trim(id(h), blockId));
        trims += holders.size() - wanted;
      }
    }
    underReplicated = under;
    if (copies + trims > 0) {
      LOG.info("Replication check: {} block copies requested, {} extra copies trimmed", copies, trims);
    }
  }

  private int wantedCopies(InodeRecord file) {
    int factor = Math.max(1, file.getReplication());
    return file.getPersistPending() ? Math.max(factor, durableCopies) : factor;
  }

  private static ReplicateBlock copyOf(long blockId, InodeRecord file, WorkerInfo source) {
    long offset = BlockIds.index(blockId) * file.getBlockSize();
    return ReplicateBlock.newBuilder()
        .setBlockId(blockId)
        .setLength(Math.min(file.getBlockSize(), file.getLength() - offset))
        .setFingerprint(file.getUfsFingerprint())
        .setSource(source.getAddress())
        .build();
  }

  private static long id(WorkerInfo w) {
    return w.getAddress().getWorkerId();
  }
}
