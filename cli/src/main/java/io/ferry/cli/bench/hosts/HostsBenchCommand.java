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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry bench hosts}: a remote warm read against the link it runs on.
 * Makes three simulated hosts (master; one worker; a reader with no worker),
 * then measures the link from the worker's host to the reader's with iperf3
 * and {@code ferry bench read}'s warm pass from the reader, unshaped and then
 * with the reader's link shaped (1 Gbit/s by default).
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

  @Override
  public Integer call() throws Exception {
    Path home = ferryHome();
    requireRoot();
    Path state = Files.createTempDirectory("ferry-bench-hosts");
    String prefix = "fbh";
    Path memDir = Path.of("/dev/shm", prefix + "-bench-worker");
    try (TestBedHosts hosts = TestBedHosts.up(home.resolve("integration-tests/scripts/hosts.sh"), prefix, 3)) {
      HostsBenchCluster cluster = new HostsBenchCluster(hosts, home.resolve("bin/ferry"), state, memDir);
      cluster.start(files, (long) fileMib << 20);
      LinkProbe link = new LinkProbe(hosts, Duration.ofSeconds(linkSeconds));
      LinkRun unshaped = measure(link, cluster, 4, 5);
      LinkRun shaped = null;
      if (!shapedRate.equals("none")) {
        hosts.shape(HostsBenchCluster.READER, shapedRate);
        shaped = measure(link, cluster, 1, 3); // passes last seconds each on a slow link: fewer of them
      }
      System.out.println(json ? toJson(unshaped, shaped) : toTable(unshaped, shaped));
    } finally {
      deleteTree(state);
      deleteTree(memDir);
    }
    return 0;
  }

  private LinkRun measure(LinkProbe link, HostsBenchCluster cluster, int warmup, int rounds) throws IOException {
    double before = link.megabytesPerSec(HostsBenchCluster.WORKER, HostsBenchCluster.READER);
    double warm = cluster.warmReadMbps(warmup, rounds,
        grpc ? List.of("-D" + PropertyKey.USER_DATA_TRANSPORT_ENABLED + "=false") : List.of());
    double after = link.megabytesPerSec(HostsBenchCluster.WORKER, HostsBenchCluster.READER);
    return new LinkRun(before, warm, after);
  }

  private String toJson(LinkRun unshaped, LinkRun shaped) {
    JsonObject out = new JsonObject()
        .put("link_mbps", round(unshaped.linkMbps()))
        .put("remote_warm_mbps", round(unshaped.remoteWarmMbps()))
        .put("remote_warm_link_ratio", round(unshaped.ratio()))
        .put("link_before_mbps", round(unshaped.linkBeforeMbps()))
        .put("link_after_mbps", round(unshaped.linkAfterMbps()));
    if (shaped != null) {
      out.put("shaped_rate", shapedRate)
          .put("shaped_link_mbps", round(shaped.linkMbps()))
          .put("shaped_remote_warm_mbps", round(shaped.remoteWarmMbps()))
          .put("shaped_remote_warm_link_ratio", round(shaped.ratio()));
    }
    return out.put("transport", grpc ? "grpc" : "block").put("files", files).put("file_mib", fileMib)
        .put("load_average", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .put("cpus", Runtime.getRuntime().availableProcessors()).toString();
  }

  private String toTable(LinkRun unshaped, LinkRun shaped) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %12s %16s %8s%n",
        "link", "iperf3 MB/s", "remote warm MB/s", "ratio"));
    row(sb, "unshaped", unshaped);
    if (shaped != null) {
      row(sb, shapedRate, shaped);
    }
    return sb.append(String.format(Locale.ROOT, "%d files of %d MiB over %s; load average %.1f on %d CPUs",
        files, fileMib, grpc ? "gRPC" : "the block transport", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors())).toString();
  }

  private static void row(StringBuilder sb, String name, LinkRun run) {
    sb.append(String.format(Locale.ROOT, "%-16s %12.1f %16.1f %8.3f%n", name, run.linkMbps(), run.remoteWarmMbps(),
        run.ratio()));
  }

  private static double round(double v) {
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
    Process id = new ProcessBuilder("id", "-u").start();
    if (!new String(id.getInputStream().readAllBytes()).strip().equals("0")) {
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
