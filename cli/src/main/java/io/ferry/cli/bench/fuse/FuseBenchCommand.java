package io.ferry.cli.bench.fuse;

import io.ferry.cli.FerryCli;
import io.ferry.cli.bench.BenchConditions;
import io.ferry.cli.bench.BenchFiles;
import io.ferry.cli.bench.DataPlacement;
import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.client.ReadSource;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.fuse.FerryFuseFileSystem;
import io.ferry.fuse.FuseMetrics;
import io.ferry.fuse.FuseMount;
import io.ferry.fuse.FuseSettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import ru.serce.jnrfuse.AbstractFuseFS;

/**
 * {@code ferry bench fuse}: the same bytes read (a) sequentially with dd and
 * (b) as many small files in a random order, through a warm Ferry mount,
 * through a trivial in-memory FUSE file system with the same options (the
 * FUSE ceiling), and from tmpfs. Every measurement gets a fresh mount, so no
 * page cache carries over; Ferry's blocks stay cached on the workers.
 */
@Command(name = "fuse", mixinStandardHelpOptions = true,
    description = "Read throughput through a warm Ferry FUSE mount vs. the FUSE ceiling vs. tmpfs.")
public final class FuseBenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);
  private static final long SEED = 42;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--dir", defaultValue = "/dev/shm", description = "tmpfs directory for the source bytes and the mount points (default: /dev/shm).")
  Path dir;

  @Option(names = "--ferry-path", defaultValue = "/.ferry-bench-fuse", description = "Ferry directory the dataset is written to (replaced, removed at the end).")
  String ferryPath;

  @Option(names = "--seq-mib", defaultValue = "1024", description = "Size of the sequentially read file, MiB (default: 1024).")
  int seqMib;

  @Option(names = "--files", defaultValue = "10000", description = "Number of small files (default: 10000).")
  int files;

  @Option(names = "--file-kib", defaultValue = "100", description = "Size of a small file, KiB (default: 100).")
  int fileKib;

  @Option(names = "--rounds", defaultValue = "3",
      description = "Rounds of (Ferry, ceiling, tmpfs) side by side; the round with the median Ferry/ceiling ratio is reported, per workload (default: 3).")
  int rounds;

  @Option(names = "--readers", defaultValue = "2", description = "Threads reading the small files (default: 2).")
  int readers;

  @Option(names = "--metrics-cost", description = "Instead, measure what the mount's instruments cost: Ferry's mount "
      + "with its metrics and stuck-request tracking (and its client's byte counters) on vs. off, side by side in "
      + "each round.")
  boolean metricsCost;

  @Override
  public Integer call() throws Exception {
    FerryConfiguration conf = ((FerryCli) spec.root().userObject()).configuration();
    FuseSettings settings = FuseSettings.from(conf);
    if (rounds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, not " + rounds);
    }
    PrintStream log = System.err;
    Path base = Files.createTempDirectory(dir, "ferry-bench-fuse-");
    // counted as a mount counts, not served
    try (FerryClient client = FerryClient.create(settings.clientConf(conf));
        FuseMetrics metrics = FuseMetrics.counting(new PrometheusRegistry(),
            conf.getDuration(PropertyKey.FUSE_SLOW_REQUEST_THRESHOLD))) {
      BenchDataset data = BenchDataset.generate(base.resolve("tmpfs"), (long) seqMib << 20, files, fileKib << 10, SEED);
      checkCacheCapacity(client, data.totalBytes());
      log.println("Writing " + (data.totalBytes() >> 20) + " MiB into Ferry at " + ferryPath + " …");
      data.writeTo(client, ferryPath);
      MemoryFuseFileSystem memory = new MemoryFuseFileSystem();
      data.addTo(memory);
      List<String> options = settings.mountOptions(List.of());
      Target ferry = () -> new FerryFuseFileSystem(client, ferryPath, settings, metrics);
      Target ceiling = () -> memory;
      log.println("Warming up the Ferry mount …");
      runSmall(ferry, base.resolve("mnt-ferry"), options, data);
      if (metricsCost) {
        // off: neither the mount nor its client (the bytes by source) counts anything
        try (FerryClient offClient = FerryClient.create(settings.clientConf(conf).toBuilder()
            .set(PropertyKey.METRICS_ENABLED, false).build())) {
          Target off = () -> new FerryFuseFileSystem(offClient, ferryPath, settings, FuseMetrics.off());
          runSmall(off, base.resolve("mnt-ferry"), options, data);
          MetricsCostResult cost = measureMetricsCost(ferry, off, base, options, data);
          System.out.println(json ? cost.toJson() : cost.toTable());
        }
        client.delete(ferryPath, true);
        return 0;
      }
      Map<String, Long> placement = DataPlacement.of(client, BenchFiles.under(client, ferryPath));
      long shortCircuitBefore = client.readCounters().bytes(ReadSource.SHORT_CIRCUIT);
      long streamedBefore = client.readCounters().bytes(ReadSource.WORKER_STREAM);
      log.println("Measuring …");
      // Ferry and the ceiling run back to back within a round, so both see the same machine load;
      // the median round of several keeps one noisy moment from deciding the ratio.
      List<Measured> seq = new ArrayList<>();
      List<Measured> small = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        seq.add(new Measured(runSeq(ferry, base.resolve("mnt-ferry"), options, data),
            runSeq(ceiling, base.resolve("mnt-ceiling"), options, data),
            ReadWorkloads.sequentialMbps(data.dir.resolve(BenchDataset.SEQ_FILE), data.seqSize)));
        small.add(new Measured(runSmall(ferry, base.resolve("mnt-ferry"), options, data),
            runSmall(ceiling, base.resolve("mnt-ceiling"), options, data),
            ReadWorkloads.smallFilesPerSecond(data.dir.resolve(BenchDataset.SMALL_DIR), files, readers, SEED)));
      }
      long shortCircuit = client.readCounters().bytes(ReadSource.SHORT_CIRCUIT) - shortCircuitBefore;
      long streamed = client.readCounters().bytes(ReadSource.WORKER_STREAM) - streamedBefore;
      BenchConditions conditions = BenchConditions.observe(placement,
          shortCircuit / (double) (shortCircuit + streamed), BenchConditions.MEM_TIER);
      Measured s = Measured.median(seq);
      Measured m = Measured.median(small);
      FuseBenchResult result = new FuseBenchResult(s.ferry(), s.ceiling(), s.tmpfs(),
          m.ferry(), m.ceiling(), m.tmpfs(), rounds, conditions);
      System.out.println(json ? result.toJson() : result.toTable());
      client.delete(ferryPath, true);
      return 0;
    } finally {
      deleteTree(base);
    }
  }

  /** Warm means every block cached: a cache smaller than the dataset would measure evictions instead. */
  private static void checkCacheCapacity(FerryClient client, long bytes) throws IOException {
    ClusterStatus report = client.getClusterReport();
    long free = report.capacityBytes() - report.usedBytes();
    if (free < bytes + bytes / 10) {
      throw new IOException("The benchmark caches " + (bytes >> 20) + " MiB (plus 10%), but the workers have "
          + (free >> 20) + " MiB free of " + (report.capacityBytes() >> 20) + " MiB; give them more "
          + "(ferry.worker.mem.capacity, e.g. FERRY_WORKER_MEM_CAPACITY=4GB bin/ferry local start) "
          + "or read less (--seq-mib, --files)");
    }
  }

  /** Each round mounts Ferry with metrics on and off back to back, the first of the two alternating. */
  private MetricsCostResult measureMetricsCost(Target on, Target off, Path base, List<String> options,
      BenchDataset data) throws Exception {
    List<MetricsCostResult.OnOff> seq = new ArrayList<>();
    List<MetricsCostResult.OnOff> small = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      boolean onFirst = r % 2 == 0;
      Target first = onFirst ? on : off;
      Target second = onFirst ? off : on;
      double seqFirst = runSeq(first, base.resolve("mnt-ferry"), options, data);
      double seqSecond = runSeq(second, base.resolve("mnt-ferry"), options, data);
      double smallFirst = runSmall(first, base.resolve("mnt-ferry"), options, data);
      double smallSecond = runSmall(second, base.resolve("mnt-ferry"), options, data);
      seq.add(onFirst ? new MetricsCostResult.OnOff(seqFirst, seqSecond)
          : new MetricsCostResult.OnOff(seqSecond, seqFirst));
      small.add(onFirst ? new MetricsCostResult.OnOff(smallFirst, smallSecond)
          : new MetricsCostResult.OnOff(smallSecond, smallFirst));
      System.err.printf(Locale.ROOT, "round %d: on/off sequential %.3f, small files %.3f%n", r + 1,
          seq.get(r).ratio(), small.get(r).ratio());
    }
    return new MetricsCostResult(MetricsCostResult.OnOff.median(seq), MetricsCostResult.OnOff.median(small), rounds,
        InstrumentCost.nanosPerOperation());
  }

  private double runSeq(Target target, Path mountDir, List<String> options, BenchDataset data) throws Exception {
    try (FuseMount mount = FuseMount.mount(target.fileSystem(), mountDir, options, MOUNT_TIMEOUT)) {
      return ReadWorkloads.sequentialMbps(mount.dir().resolve(BenchDataset.SEQ_FILE), data.seqSize);
    }
  }

  private double runSmall(Target target, Path mountDir, List<String> options, BenchDataset data) throws Exception {
    try (FuseMount mount = FuseMount.mount(target.fileSystem(), mountDir, options, MOUNT_TIMEOUT)) {
      return ReadWorkloads.smallFilesPerSecond(mount.dir().resolve(BenchDataset.SMALL_DIR), data.files, readers, SEED);
    }
  }

  /** Deletes a local directory tree (the benchmarks' scratch directories). */
  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One workload's figures in one round: through Ferry, the FUSE ceiling and tmpfs. */
  private record Measured(double ferry, double ceiling, double tmpfs) {
    static Measured median(List<Measured> rounds) {
      List<Measured> sorted = new ArrayList<>(rounds);
      sorted.sort(Comparator.comparingDouble(r -> r.ferry() / r.ceiling()));
      return sorted.get(sorted.size() / 2);
    }
  }

  /** A FUSE file system to measure, made anew for each mount. */
  @FunctionalInterface
  private interface Target {
    AbstractFuseFS fileSystem() throws IOException;
  }
}
