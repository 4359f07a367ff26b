package io.ferry.cli.bench.fuse;

import io.ferry.cli.bench.BenchConditions;
import io.ferry.cli.bench.JsonObject;
import java.util.Locale;

/**
 * The six figures of `ferry bench fuse`: sequential MB/s and small files/s, each through Ferry, the ceiling,
 * tmpfs, from the round with the median Ferry/ceiling ratio of each workload.
 */
record FuseBenchResult(double seqFerryMbps, double seqCeilingMbps, double seqTmpfsMbps,
    double smallFerryFps, double smallCeilingFps, double smallTmpfsFps, int rounds, BenchConditions conditions) {

  String toJson() {
    return conditions.addTo(new JsonObject()
        .put("seq_ferry_mbps", seqFerryMbps)
        .put("seq_ceiling_mbps", seqCeilingMbps)
        .put("seq_tmpfs_mbps", seqTmpfsMbps)
        .put("small_ferry_fps", smallFerryFps)
        .put("small_ceiling_fps", smallCeilingFps)
        .put("small_tmpfs_fps", smallTmpfsFps)
        .put("rounds", rounds))
        .toString();
  }

  String toTable() {
    return String.format(Locale.ROOT, """
        %-32s %12s %12s %12s %14s
        %-32s %12.0f %12.0f %12.0f %13.0f%%
        %-32s %12.0f %12.0f %12.0f %13.0f%%
        """,
        "", "ferry (warm)", "FUSE ceiling", "tmpfs", "ferry/ceiling",
        "sequential, dd bs=1M (MB/s)", seqFerryMbps, seqCeilingMbps, seqTmpfsMbps,
        100 * seqFerryMbps / seqCeilingMbps,
        "small files, random (files/s)", smallFerryFps, smallCeilingFps, smallTmpfsFps,
        100 * smallFerryFps / smallCeilingFps) + conditions.toText();
  }
}
