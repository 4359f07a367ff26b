package io.ferry.cli.bench;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.client.ReadSource;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every file under a path three times, in this order so that the UFS
 * files are in the page cache like Ferry's are: cold through Ferry, straight
 * from the UFS, warm through Ferry. Unmeasured warm passes come before the
 * measured rounds, as warm-up iterations do in JMH. Each read is checked
 * against the file length.
 */
public final class ReadBenchmark {
  static final int BUFFER_SIZE = 4 << 20;

  private final FerryClient client;
  private final long metricsDelayMs;
  private final Map<String, String> ufsOptions;
  private final int warmupPasses;
  private final int rounds;
  private final byte[] buffer = new byte[BUFFER_SIZE];

  /**
   * @param metricsDelayMs how long worker counters take to reach the master's cluster report
   * @param ufsOptions options for reading the under storage directly, over the mount's own: the
   *     credentials the master keeps to itself
   */
  public ReadBenchmark(FerryClient client, long metricsDelayMs, Map<String, String> ufsOptions, int warmupPasses,
      int rounds) {
    if (rounds < 1 || warmupPasses < 0) {
      throw new IllegalArgumentException("rounds must be at least 1 and warm-up passes not negative, not "
          + rounds + " and " + warmupPasses);
    }
    this.warmupPasses = warmupPasses;
    this.rounds = rounds;
    this.ufsOptions = Map.copyOf(ufsOptions);
    this.client = client;
    this.metricsDelayMs = metricsDelayMs;
  }

  public ReadBenchResult run(String path) throws IOException {
    List<PathStatus> files = BenchFiles.under(client, path);
    if (files.isEmpty()) {
      throw FerryException.invalidArgument("No files to read under " + path);
    }
    Map<Long, UnderFileSystem> ufsByMount = DirectUfs.open(client, files, ufsOptions);
    try {
      // Every pass opens the files from the one listing, as a data loader does from its index:
      // Ferry with the listed PathStatus, the UFS with the listed URI; neither stats per file.
      PassStats cold = ReadPass.run("cold", files, f -> client.openFile(f), buffer);
      for (int i = 0; i < warmupPasses; i++) {
        ReadPass.run("warmup", files, f -> client.openFile(f), buffer);
      }
      ClusterStatus before = reportAfterMetricsSettle();
      Map<String, Long> placement = DataPlacement.of(client, files);
      long shortCircuitBefore = client.readCounters().bytes(ReadSource.SHORT_CIRCUIT);
      long warmBytes = 0;
      // Rounds of (UFS, warm) passes, side by side so both see the same machine load.
      List<PassStats[]> measured = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        PassStats[] round = {
            ReadPass.run("ufs", files, f -> ufsByMount.get(f.mountId()).open(f.ufsUri(), 0, -1), buffer),
            ReadPass.run("warm", files, f -> client.openFile(f), buffer)};
        warmBytes += round[1].bytes();
        measured.add(round);
      }
      // not known when the client's metrics are off: it counts no bytes then
      double shortCircuitRatio = client.configuration().getBoolean(PropertyKey.METRICS_ENABLED)
          ? (client.readCounters().bytes(ReadSource.SHORT_CIRCUIT) - shortCircuitBefore) / (double) warmBytes
          : Double.NaN;
      BenchConditions conditions = BenchConditions.observe(placement, shortCircuitRatio, BenchConditions.MEM_TIER);
      ClusterStatus after = reportAfterMetricsSettle();
      measured.sort(java.util.Comparator.comparingDouble(r -> r[1].mbPerSec() / r[0].mbPerSec()));
      PassStats[] median = measured.get(measured.size() / 2);
      PassStats ufs = median[0];
      PassStats warm = median[1];
      long hits = after.cacheHits() - before.cacheHits();
      long misses = after.cacheMisses() - before.cacheMisses();
      double hitRatio = hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
      boolean shortCircuit = client.configuration().getBoolean(PropertyKey.USER_SHORT_CIRCUIT_ENABLED);
      return new ReadBenchResult(path, shortCircuit, warmupPasses, rounds, cold, ufs, warm, hitRatio, conditions);
    } finally {
      for (UnderFileSystem ufs : ufsByMount.values()) {
        ufs.close();
      }
    }
  }

  private ClusterStatus reportAfterMetricsSettle() throws FerryException {
    try {
      Thread.sleep(metricsDelayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while waiting for worker metrics");
    }
    return client.getClusterReport();
  }
}
