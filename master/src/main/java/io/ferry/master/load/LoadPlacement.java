package io.ferry.master.load;

import io.ferry.common.placement.WorkerPlacement;
import io.ferry.proto.WorkerInfo;
import java.util.List;

/**
 * Where a load job puts a block: the first {@code replicas} workers in the
 * order clients use to pick the worker that reads a block through, so readers
 * find what was loaded.
 */
final class LoadPlacement {
  private LoadPlacement() {}

  static List<WorkerInfo> targets(long blockId, List<WorkerInfo> live, int replicas) {
    List<WorkerInfo> ranked = WorkerPlacement.rank(blockId, live);
    return ranked.subList(0, Math.min(replicas, ranked.size()));
  }
}
