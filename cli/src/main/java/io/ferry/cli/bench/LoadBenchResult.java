package io.ferry.cli.bench;

import java.util.Locale;

/**
 * The outcome of {@code ferry bench load}: UFS and load job throughput at the
 * same parallelism, and the training-style pass cold, with a load job, warm.
 */
public record LoadBenchResult(String path, int files, int fileSize, int parallelism, double ufsMbps,
    double loadMbps, PassStats passCold, PassStats passWithLoad, PassStats passWarm, BenchConditions conditions) {

  private static double seconds(PassStats p) {
    return p.nanos() / 1e9;
  }

  public String toJson() {
    return conditions.addTo(new JsonObject()
        .put("path", path)
        .put("files", files)
        .put("file_size", fileSize)
        .put("parallelism", parallelism)
        .put("ufs_mbps", ufsMbps)
        .put("load_mbps", loadMbps)
        .put("load_ufs_ratio", loadMbps / ufsMbps)
        .put("pass_cold_s", seconds(passCold))
        .put("pass_with_load_s", seconds(passWithLoad))
        .put("pass_warm_s", seconds(passWarm))
        .put("with_load_speedup", seconds(passCold) / seconds(passWithLoad)))
        .toString();
  }

  public String toTable() {
    return String.format(Locale.ROOT, "Load benchmark under %s: %d files of %d bytes per dataset, parallelism %d%n"
            + "ufs read:  %10.1f MB/s%nload job:  %10.1f MB/s (%.0f%% of ufs)%n"
            + "pass cold: %10.3f s%npass with load: %5.3f s (%.2fx faster than cold)%npass warm: %10.3f s%n%s",
        path, files, fileSize, parallelism, ufsMbps, loadMbps, 100 * loadMbps / ufsMbps, seconds(passCold),
        seconds(passWithLoad), seconds(passCold) / seconds(passWithLoad), seconds(passWarm), conditions.toText());
  }
}
