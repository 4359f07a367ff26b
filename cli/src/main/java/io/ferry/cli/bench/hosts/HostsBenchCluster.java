package io.ferry.cli.bench.hosts;

import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Ferry cluster on simulated hosts: the master on host 1, N workers on
 * hosts 2..N+1, and N hosts with no worker after them, for readers.
 */
final class HostsBenchCluster {
  static final int MASTER = 1;
  private static final int MASTER_PORT = 19998;
  private static final int WORKER_PORT = 29999;

  private final TestBedHosts hosts;
  private final Path ferry;
  private final Path state;
  private final Path memDir;
  private final int workers;

  /**
   * @param ferry the launcher (bin/ferry)
   * @param state a directory for the master's metadata and the logs
   * @param memDir the workers' MEM tier directory (on tmpfs), one below it per worker
   * @param workers the workers, and so the readers
   */
  HostsBenchCluster(TestBedHosts hosts, Path ferry, Path state, Path memDir, int workers) {
    this.hosts = hosts;
    this.ferry = ferry;
    this.state = state;
    this.memDir = memDir;
    this.workers = workers;
  }

  /** The hosts a cluster of {@code workers} workers takes: the master's, the workers' and the readers'. */
  static int hostCount(int workers) {
    return 1 + 2 * workers;
  }

  /** The host of worker {@code i} (0-based). */
  static int worker(int i) {
    return 2 + i;
  }

  /** The host of reader {@code i} (0-based), which has no worker. */
  int reader(int i) {
    return 2 + workers + i;
  }

  /** Starts the master, whose root mount is {@code underfs}, and the workers with {@code memBytes} of MEM tier each. */
  void start(Path underfs, long memBytes) throws IOException {
    daemon(MASTER, "master", "master", List.of("-Dferry.master.bind.host=" + hosts.name(MASTER),
        "-Dferry.master.metastore.dir=" + state.resolve("master"),
        // the S3 mount's credentials are stored encrypted, under a key the master makes here
        "-D" + PropertyKey.SECURITY_SECRET_KEY_FILE + "=" + state.resolve("secret.key"),
        "-Dferry.master.mount.root.ufs=" + underfs));
    awaitPort(hosts, MASTER, hosts.name(MASTER), MASTER_PORT, state);
    for (int i = 0; i < workers; i++) {
      daemon(worker(i), "worker", "worker-" + i, List.of("-Dferry.worker.bind.host=" + hosts.name(worker(i)),
          "-Dferry.worker.mem.capacity=" + memBytes, "-Dferry.worker.mem.dir=" + memDir.resolve("w" + i)));
    }
    for (int i = 0; i < workers; i++) {
      awaitPort(hosts, worker(i), hosts.name(worker(i)), WORKER_PORT, state);
    }
  }

  /** Mounts an under storage at {@code ferryPath}, from the first reader's host. */
  void mount(String ferryPath, String ufsUri, List<String> options) throws IOException {
    List<String> args = new ArrayList<>(List.of("fs", "mount"));
    options.forEach(o -> args.addAll(List.of("--option", o)));
    args.addAll(List.of(ferryPath, ufsUri));
    hosts.output(reader(0), ferry(args));
  }

  /** Reads a file through Ferry from the first reader's host. */
  void readFile(String path) throws IOException {
    hosts.output(reader(0), ferry(List.of("fs", "cat", path)));
  }

  /**
   * {@code ferry bench read --json} of {@code path} from reader {@code
   * reader}'s host, which has no worker: every byte crosses a link. {@code
   * clientProperties}: -Dkey=value settings of the reading client; {@code
   * options}: more options of the command.
   */
  String benchRead(int reader, String path, int warmup, int rounds, List<String> clientProperties,
      List<String> options) throws IOException {
    List<String> args = new ArrayList<>(clientProperties);
    args.addAll(List.of("bench", "read", "--path", path, "--json",
        "--warmup", String.valueOf(warmup), "--rounds", String.valueOf(rounds)));
    args.addAll(options);
    return hosts.output(reader(reader), ferry(args));
  }

  /** A number of {@code ferry bench read}'s JSON output, e.g. "warm_mbps". */
  static double field(String benchJson, String key) throws FerryException {
    Matcher m = Pattern.compile("\"" + key + "\":([0-9.]+)").matcher(benchJson);
    if (!m.find()) {
      throw new FerryException(ErrorCode.INTERNAL, "ferry bench read printed no " + key + ": " + benchJson.strip());
    }
    return Double.parseDouble(m.group(1));
  }

  /** Starts {@code ferry PROPERTIES… ROLE} on {@code host}, its output in {@code name}.log. */
  private void daemon(int host, String role, String name, List<String> properties) throws IOException {
    List<String> args = new ArrayList<>(properties);
    args.add(role);
    Path log = state.resolve(name + ".log");
    hosts.on(host, ferry(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The launcher with the master's address, then {@code args}. */
  private List<String> ferry(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(ferry.toString(), "-Dferry.master.hostname=" + hosts.name(MASTER)));
    cmd.addAll(args);
    return cmd;
  }

  /** Waits until something listens on {@code address:port} as seen from {@code host}. */
  static void awaitPort(TestBedHosts hosts, int host, String address, int port, Path logs) throws IOException {
    String path = "/dev/tcp/" + address + "/" + port;
    for (int i = 0; i < 600; i++) {
      try {
        hosts.output(host, List.of("bash", "-c", "exec 3<>" + path));
        return;
      } catch (FerryException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new FerryException(ErrorCode.INTERNAL, "Interrupted while waiting for " + path);
        }
      }
    }
    throw new FerryException(ErrorCode.UNAVAILABLE, "Nothing listens on " + address + ":" + port + " on "
        + hosts.name(host) + " after 60 s; see the logs in " + logs);
  }

  /** {@code files} random files of {@code fileBytes} named f0, f1, … in {@code dir}. */
  static void writeFiles(Path dir, int files, long fileBytes) throws IOException {
    Files.createDirectories(dir);
    SplittableRandom random = new SplittableRandom(42);
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < files; i++) {
      try (OutputStream out = Files.newOutputStream(dir.resolve("f" + i))) {
        for (long left = fileBytes; left > 0; left -= chunk.length) {
          random.nextBytes(chunk);
          out.write(chunk, 0, (int) Math.min(left, chunk.length));
        }
      }
    }
  }
}
