package io.ferry.master.namespace;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerInfo;
import java.util.List;

/**
 * Refuses a pin whose files would not fit in the live workers' caches beside
 * the files pinned already. A pinned file takes its length once per copy: its
 * replication factor, at most the number of live workers. Files created or
 * loaded later below a pinned directory are pinned without this check.
 */
final class PinCapacity {
  private final MetaStore store;
  private final WorkerRegistry workers;

  PinCapacity(MetaStore store, WorkerRegistry workers) {
    this.store = store;
    this.workers = workers;
  }

  /** Throws NO_SPACE, naming the sizes, if pinning {@code files} (the files below {@code path}) does not fit. */
  void check(String path, List<InodeRecord> files) throws FerryException {
    List<WorkerInfo> live = workers.liveWorkers();
    long capacity = live.stream().flatMap(w -> w.getTiersList().stream()).mapToLong(TierUsage::getCapacityBytes).sum();
    long adding = files.stream().mapToLong(f -> copies(f.getLength(), f.getReplication(), live.size())).sum();
    long pinned = store.pinnedFiles().stream().mapToLong(f -> copies(f.length(), f.replication(), live.size())).sum();
    if (adding > 0 && pinned + adding > capacity) {
      throw new FerryException(ErrorCode.NO_SPACE, "Cannot pin " + path + ": its " + adding + " bytes and the "
          + pinned + " bytes pinned already would be more than the " + capacity + " bytes the " + live.size()
          + " live worker(s) can cache");
    }
  }

  private static long copies(long length, int replication, int liveWorkers) {
    return length * Math.max(1, Math.min(replication, liveWorkers));
  }
}
