package io.ferry.cli.bench;

import java.util.Locale;

/** The outcome of {@code ferry bench hadoop}: the local and ferry passes of the median round. */
public record HadoopBenchResult(String path, int rounds, PassStats local, PassStats ferry, BenchConditions conditions) {
  public double ratio() {
    return ferry.mbPerSec() / local.mbPerSec();
  }

  public String toJson() {
    return conditions.addTo(new JsonObject()
        .put("path", path)
        .put("files", ferry.files())
        .put("bytes", ferry.bytes())
        .put("ferry_mbps", ferry.mbPerSec())
        .put("local_mbps", local.mbPerSec())
        .put("ferry_local_ratio", ratio())
        .put("rounds", rounds))
        .toString();
  }

  public String toTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Hadoop API read benchmark of %s: %d files, %d bytes; median of %d rounds%n", path, ferry.files(),
        ferry.bytes(), rounds));
    sb.append(String.format(Locale.ROOT, "%-22s %12s %10s %10s%n", "file system", "MB/s", "p50 ms", "p99 ms"));
    for (PassStats p : new PassStats[] {local, ferry}) {
      sb.append(String.format(Locale.ROOT, "%-22s %12.1f %10.3f %10.3f%n",
          p == local ? "LocalFileSystem (UFS)" : "ferry://", p.mbPerSec(), p.percentileMs(50), p.percentileMs(99)));
    }
    return sb.append(String.format(Locale.ROOT, "ferry/local: %.2f%n", ratio())).append(conditions.toText()).toString();
  }
}
