package io.ferry.cli.bench;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.client.ReadSource;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
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
    List<PathStatus> files = filesUnder(path);
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
      BenchConditions conditions = BenchConditions.observe(placement,
          shortCircuitRatio(shortCircuitBefore, warmBytes), BenchConditions.MEM_TIER);
      ClusterStatus after = reportAfterMetricsSettle();
      measured.sort(Comparator.comparingDouble(r -> r[1].mbPerSec() / r[0].mbPerSec()));
      PassStats[] median = measured.get(measured.size() / 2);
      PassStats ufs = median[0];
      PassStats warm = median[1];
      long hits = after.cacheHits() - before.cacheHits();
      long misses = after.cacheMisses() - before.cacheMisses();
      double hitRatio = hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
      return new ReadBenchResult(path, shortCircuit(), warmupPasses, rounds, cold, ufs, warm, hitRatio, conditions);
    } finally {
      for (UnderFileSystem ufs : ufsByMount.values()) {
        ufs.close();
      }
    }
  }

  /**
   * Only warm passes (the warm-up ones, then the measured rounds) of data
   * cached already: no cold pass, no UFS pass and no cluster report, so that
   * several readers can run at once and measure what they read together.
   */
  public ReadBenchResult runWarmOnly(String path) throws IOException {
    List<PathStatus> files = filesUnder(path);
    for (int i = 0; i < warmupPasses; i++) {
      ReadPass.run("warmup", files, f -> client.openFile(f), buffer);
    }
    Map<String, Long> placement = DataPlacement.of(client, files);
    long shortCircuitBefore = client.readCounters().bytes(ReadSource.SHORT_CIRCUIT);
    List<PassStats> warm = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      warm.add(ReadPass.run("warm", files, f -> client.openFile(f), buffer));
    }
    BenchConditions conditions = BenchConditions.observe(placement,
        shortCircuitRatio(shortCircuitBefore, warm.stream().mapToLong(PassStats::bytes).sum()),
        BenchConditions.MEM_TIER);
    warm.sort(Comparator.comparingDouble(PassStats::mbPerSec));
    return new ReadBenchResult(path, shortCircuit(), warmupPasses, rounds, null, null, warm.get(warm.size() / 2),
        Double.NaN, conditions);
  }

  private List<PathStatus> filesUnder(String path) throws IOException {
    List<PathStatus> files = BenchFiles.under(client, path);
    if (files.isEmpty()) {
      throw FerryException.invalidArgument("No files to read under " + path);
    }
    return files;
  }

  /** The share of {@code bytes} read short-circuit since {@code before}; NaN when the client's metrics are off. */
  private double shortCircuitRatio(long before, long bytes) {
    return client.configuration().getBoolean(PropertyKey.METRICS_ENABLED)
        ? (client.readCounters().bytes(ReadSource.SHORT_CIRCUIT) - before) / (double) bytes
        : Double.NaN;
  }

  private boolean shortCircuit() {
    return client.configuration().getBoolean(PropertyKey.USER_SHORT_CIRCUIT_ENABLED);
  }

  private ClusterStatus reportAfterMetricsSettle() throws FerryException {
    WorkerHeartbeats.await(metricsDelayMs);
    return client.getClusterReport();
  }
}
