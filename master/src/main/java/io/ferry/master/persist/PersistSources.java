package io.ferry.master.persist;

import io.ferry.common.BlockIds;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.namespace.PersistTarget;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The worker a persist job asks to write a file: a live one that holds
 * every block of it (each durable copy of an ASYNC_THROUGH write holds all
 * of them), one that has not failed this file yet first, so that a job
 * whose worker died moves on to another copy.
 */
final class PersistSources {
  private PersistSources() {}

  static Optional<WorkerAddress> choose(PersistTarget file, BlockLocations locations, List<WorkerInfo> live,
      Set<Long> failed) {
    List<WorkerAddress> holders = live.stream().map(WorkerInfo::getAddress)
        .filter(w -> holdsAll(file, locations, w.getWorkerId())).toList();
    return holders.stream().filter(w -> !failed.contains(w.getWorkerId())).findFirst()
        .or(() -> holders.stream().findFirst());
  }

  private static boolean holdsAll(PersistTarget file, BlockLocations locations, long workerId) {
    for (long i = 0; i < file.blockCount(); i++) {
      if (!locations.workersOf(BlockIds.of(file.fileId(), i)).contains(workerId)) {
        return false;
      }
    }
    return true;
  }
}
