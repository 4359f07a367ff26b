package io.ferry.cli.bench.hosts;

import io.ferry.cli.bench.JsonObject;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry bench hosts}: a remote warm read against the link it runs on.
 * Makes three simulated hosts (master; one worker; a reader with no worker),
 * then measures the link from the worker's host to the reader's with iperf3
 * and {@code ferry bench read}'s warm pass from the reader, unshaped and then
 * with the reader's link shaped (1 Gbit/s by default). With {@code
 * --aggregate N}: N workers and N readers instead, every reader reading the
 * whole data set at once, against N iperf3 links run at once.
 */
@Command(name = "hosts", mixinStandardHelpOptions = true,
    description = "(root) Remote warm reads vs. iperf3 on the same link, between simulated hosts "
        + "(network namespaces on an isolated bridge), unshaped and shaped.")
public final class HostsBenchCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--files", defaultValue = "32", description = "Files in the data set (default: 32).")
  int files;

  @Option(names = "--file-mb", defaultValue = "16", description = "Size of a file, MiB (default: 16).")
  int fileMib;

  @Option(names = "--shaped-rate", defaultValue = "1gbit",
      description = "Rate of the shaped run (tc tbf, e.g. 1gbit); none skips it (default: 1gbit).")
  String shapedRate;

  @Option(names = "--grpc", description = "Read over gRPC streams instead of the workers' block transport "
      + "(ferry.user.data.transport.enabled=false), for comparison.")
  boolean grpc;

  @Option(names = "--link-seconds", defaultValue = "5", description = "Length of each iperf3 run (default: 5).")
  int linkSeconds;

  @Option(names = "--no-s3", description = "Skip the S3 run (S3Proxy on a host of its own behind a slow link).")
  boolean noS3;

  @Option(names = "--s3proxy-jar", paramLabel = "JAR", description = "S3Proxy's jar-with-dependencies "
      + "(default: .test-servers/s3proxy-4.1.0-jar-with-dependencies.jar, as test-servers.sh downloads it).")
  Path s3proxyJar;

  @Option(names = "--s3-rate", defaultValue = "1gbit", description = "The S3 host's link rate (default: 1gbit).")
  String s3Rate;

  @Option(names = "--s3-rtt-ms", defaultValue = "10", description = "Round trip added to the S3 host's link, "
      + "ms (default: 10).")
  int s3RttMs;

  @Option(names = "--aggregate", paramLabel = "N", description = "Instead of the runs above: N worker hosts and "
      + "N reader hosts; every reader reads the whole data set at once (the sum of their warm passes), against "
      + "N iperf3 links run at once, worker i to reader i. No S3 or shaped run.")
  int aggregate;

  private static final String PREFIX = "fbh";
  private static final int S3_HOST = HostsBenchCluster.hostCount(1) + 1;
  private static final String LOCAL_DATA = "/bench";
  private static final String S3_DATA = "/s3";

  @Override
  public Integer call() throws Exception {
    Path home = ferryHome();
    requireRoot();
    if (aggregate == 1 || aggregate < 0) {
      throw FerryException.invalidArgument("--aggregate needs 2 or more hosts of each kind, not " + aggregate);
    }
    boolean s3Run = !noS3 && aggregate == 0;
    Path jar = s3Run ? S3Host.requireJar(s3proxyJar != null ? s3proxyJar
        : home.resolve(".test-servers/s3proxy-4.1.0-jar-with-dependencies.jar")) : null;
    int workers = Math.max(1, aggregate);
    Path state = Files.createTempDirectory("ferry-bench-hosts");
    Path memDir = Path.of("/dev/shm", PREFIX + "-bench-workers");
    long fileBytes = (long) fileMib << 20;
    try (TestBedHosts hosts = TestBedHosts.up(home.resolve("integration-tests/scripts/hosts.sh"), PREFIX,
        s3Run ? S3_HOST : HostsBenchCluster.hostCount(workers))) {
      HostsBenchCluster cluster = new HostsBenchCluster(hosts, home.resolve("bin/ferry"), state, memDir, workers);
      Path underfs = state.resolve("underfs");
      HostsBenchCluster.writeFiles(underfs.resolve(LOCAL_DATA.substring(1)), files, fileBytes);
      S3Host s3 = s3Run ? new S3Host(hosts, S3_HOST, state.resolve("s3")) : null;
      if (s3 != null) {
        HostsBenchCluster.writeFiles(s3.bucketDir().resolve("data"), files, fileBytes);
        HostsBenchCluster.writeFiles(s3.bucketDir().resolve("primer"), 1, 64 << 10);
        s3.start(jar, Duration.ofMillis(s3RttMs), s3Rate);
      }
      cluster.start(underfs, 4 * files * fileBytes); // both data sets, with room to spare
      JsonObject out = new JsonObject();
      LinkProbe link = new LinkProbe(hosts, Duration.ofSeconds(linkSeconds));
      if (aggregate > 0) {
        measureAggregate(link, cluster).addTo(out, "aggregate_");
        out.put("aggregate_hosts", aggregate);
      } else {
        measure(link, cluster, 4, 5).addTo(out, "");
      }
      if (s3 != null) {
        cluster.mount(S3_DATA, "s3://" + S3Host.BUCKET + "/", s3.mountOptions());
        // the worker's first read of a mount starts its S3 client (seconds): not a cold read's cost
        cluster.readFile(S3_DATA + "/primer/f0");
        String bench = cluster.benchRead(0, S3_DATA + "/data", 1, 3, clientProperties(), List.of(
            "--ufs-option", "s3.access-key=" + S3Host.ACCESS_KEY, "--ufs-option", "s3.secret-key=" + S3Host.SECRET_KEY));
        out.put("s3_rate", s3Rate).put("s3_rtt_ms", s3RttMs)
            .put("s3_direct_mbps", HostsBenchCluster.field(bench, "ufs_mbps"))
            .put("s3_cold_mbps", HostsBenchCluster.field(bench, "cold_mbps"))
            .put("s3_warm_mbps", HostsBenchCluster.field(bench, "warm_mbps"));
      }
      if (!shapedRate.equals("none") && aggregate == 0) {
        hosts.shape(cluster.reader(0), shapedRate);
        out.put("shaped_rate", shapedRate);
        measure(link, cluster, 1, 3).addTo(out, "shaped_"); // passes last seconds each on a slow link: fewer
      }
      out.put("transport", grpc ? "grpc" : "block").put("files", files).put("file_mib", fileMib)
          .put("load_average", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
          .put("cpus", Runtime.getRuntime().availableProcessors());
      System.out.println(json ? out : table(out));
    } finally {
      deleteTree(state);
      deleteTree(memDir);
    }
    return 0;
  }

  private LinkRun measure(LinkProbe link, HostsBenchCluster cluster, int warmup, int rounds) throws IOException {
    int worker = HostsBenchCluster.worker(0);
    double before = link.megabytesPerSec(worker, cluster.reader(0));
    double warm = HostsBenchCluster.field(cluster.benchRead(0, LOCAL_DATA, warmup, rounds, clientProperties(),
        List.of()), "warm_mbps");
    double after = link.megabytesPerSec(worker, cluster.reader(0));
    return new LinkRun(before, warm, after);
  }

  /**
   * The first reader caches the data set (spread over the workers by
   * placement), then every reader reads it at once, warm; the links are
   * measured at once too, before and after.
   */
  private LinkRun measureAggregate(LinkProbe link, HostsBenchCluster cluster) throws IOException {
    cluster.benchRead(0, LOCAL_DATA, 0, 1, clientProperties(), List.of());
    double before = sumAtOnce(i -> link.megabytesPerSec(HostsBenchCluster.worker(i), cluster.reader(i)));
    double warm = sumAtOnce(i -> HostsBenchCluster.field(cluster.benchRead(i, LOCAL_DATA, 2, 3, clientProperties(),
        List.of("--warm-only")), "warm_mbps"));
    double after = sumAtOnce(i -> link.megabytesPerSec(HostsBenchCluster.worker(i), cluster.reader(i)));
    return new LinkRun(before, warm, after);
  }

  /** A figure measured on each pair of hosts {@code i} (worker i, reader i). */
  private interface PairFigure {
    double measure(int i) throws IOException;
  }

  /** The sum of {@code figure} over the --aggregate pairs, measured on all of them at once. */
  private double sumAtOnce(PairFigure figure) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(aggregate);
    try {
      List<Future<Double>> figures = new ArrayList<>();
      for (int i = 0; i < aggregate; i++) {
        int pair = i;
        figures.add(pool.submit(() -> figure.measure(pair)));
      }
      double sum = 0;
      for (Future<Double> f : figures) {
        sum += f.get();
      }
      return sum;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while measuring " + aggregate + " hosts at once");
    } finally {
      pool.shutdownNow();
    }
  }

  private List<String> clientProperties() {
    return grpc ? List.of("-D" + PropertyKey.USER_DATA_TRANSPORT_ENABLED + "=false") : List.of();
  }

  /** One "key value" line per figure. */
  private static String table(JsonObject figures) {
    StringBuilder sb = new StringBuilder();
    figures.fields().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-32s %s%n", k, v)));
    return sb.toString().stripTrailing();
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Path ferryHome() throws FerryException {
    String home = System.getenv("FERRY_HOME");
    if (home == null || !Files.isRegularFile(Path.of(home, "integration-tests/scripts/hosts.sh"))) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT,
          "ferry bench hosts runs from a Ferry source tree through bin/ferry (it needs FERRY_HOME and "
              + "integration-tests/scripts/hosts.sh)");
    }
    return Path.of(home);
  }

  private static void requireRoot() throws IOException {
    if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
      throw new FerryException(ErrorCode.PERMISSION_DENIED,
          "ferry bench hosts needs root: simulated hosts are network namespaces on a bridge");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
