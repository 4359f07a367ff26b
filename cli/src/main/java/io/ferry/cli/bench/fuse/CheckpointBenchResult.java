package io.ferry.cli.bench.fuse;

import io.ferry.cli.bench.BenchConditions;
import io.ferry.cli.bench.JsonObject;
import java.util.Locale;

/**
 * The outcome of {@code ferry bench checkpoint}: one checkpoint written to
 * tmpfs, through the FUSE mount with THROUGH (straight to the under
 * storage) and with write-back (ASYNC_THROUGH), and how long the write-back
 * copy then took to reach the under storage.
 */
record CheckpointBenchResult(String path, long bytes, int shards, double tmpfsMbps, double throughMbps,
    double writebackMbps, double persistSeconds, BenchConditions conditions) {

  String toJson() {
    return conditions.addTo(new JsonObject()
        .put("path", path)
        .put("bytes", bytes)
        .put("shards", shards)
        .put("tmpfs_mbps", tmpfsMbps)
        .put("through_mbps", throughMbps)
        .put("writeback_mbps", writebackMbps)
        .put("persist_s", persistSeconds)
        .put("writeback_over_through", writebackMbps / throughMbps)
        .put("writeback_over_tmpfs", writebackMbps / tmpfsMbps)).toString();
  }

  String toTable() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "Checkpoint benchmark: %d MiB in %d shards, written then renamed, into %s%n", bytes >> 20, shards, path));
    sb.append(String.format(Locale.ROOT, "%-32s %10s%n", "target", "MB/s"));
    sb.append(String.format(Locale.ROOT, "%-32s %10.1f%n", "tmpfs", tmpfsMbps));
    sb.append(String.format(Locale.ROOT, "%-32s %10.1f%n", "FUSE, THROUGH", throughMbps));
    sb.append(String.format(Locale.ROOT, "%-32s %10.1f%n", "FUSE, write-back (ASYNC_THROUGH)", writebackMbps));
    sb.append(String.format(Locale.ROOT, "write-back / THROUGH: %.2f (target 3), write-back / tmpfs: %.2f "
        + "(target 0.5)%n", writebackMbps / throughMbps, writebackMbps / tmpfsMbps));
    sb.append(String.format(Locale.ROOT, "write-back copy in the under storage %.1f s after the write returned%n",
        persistSeconds));
    return sb.append(conditions.toText()).toString();
  }
}
