package io.ferry.cli.bench.hosts;

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
 * A Ferry cluster on three simulated hosts: the master on host 1, one worker
 * on host 2, and host 3 with no worker, for readers; the master's root mount
 * is a local directory holding the benchmark's files.
 */
final class HostsBenchCluster {
  static final int MASTER = 1;
  static final int WORKER = 2;
  static final int READER = 3;
  static final String DATA_PATH = "/bench";
  private static final int MASTER_PORT = 19998;
  private static final int WORKER_PORT = 29999;
  private static final Pattern WARM_MBPS = Pattern.compile("\"warm_mbps\":([0-9.]+)");

  private final TestBedHosts hosts;
  private final Path ferry;
  private final Path state;
  private final Path memDir;

  /**
   * @param ferry the launcher (bin/ferry)
   * @param state a directory for the under storage, the master's metadata and the logs
   * @param memDir the worker's MEM tier directory (on tmpfs)
   */
  HostsBenchCluster(TestBedHosts hosts, Path ferry, Path state, Path memDir) {
    this.hosts = hosts;
    this.ferry = ferry;
    this.state = state;
    this.memDir = memDir;
  }

  /** Writes {@code files} random files of {@code fileBytes} to the under storage, then starts master and worker. */
  void start(int files, long fileBytes) throws IOException {
    writeFiles(state.resolve("underfs").resolve(DATA_PATH.substring(1)), files, fileBytes);
    daemon(MASTER, "master", List.of("-Dferry.master.bind.host=" + hosts.name(MASTER),
        "-Dferry.master.metastore.dir=" + state.resolve("master"),
        "-Dferry.master.mount.root.ufs=" + state.resolve("underfs")));
    awaitPort(MASTER, MASTER_PORT);
    daemon(WORKER, "worker", List.of("-Dferry.worker.bind.host=" + hosts.name(WORKER),
        "-Dferry.worker.mem.capacity=" + 2 * files * fileBytes,
        "-Dferry.worker.mem.dir=" + memDir));
    awaitPort(WORKER, WORKER_PORT);
  }

  /**
   * {@code ferry bench read}'s warm MB/s from the reader host, which has no
   * worker: every byte crosses the link. {@code clientProperties}: -Dkey=value
   * settings of the reading client.
   */
  double warmReadMbps(int warmup, int rounds, List<String> clientProperties) throws IOException {
    List<String> args = new ArrayList<>(clientProperties);
    args.addAll(List.of("bench", "read", "--path", DATA_PATH, "--json",
        "--warmup", String.valueOf(warmup), "--rounds", String.valueOf(rounds)));
    String out = hosts.output(READER, ferry(args));
    Matcher m = WARM_MBPS.matcher(out);
    if (!m.find()) {
      throw new FerryException(ErrorCode.INTERNAL, "ferry bench read printed no warm_mbps: " + out.strip());
    }
    return Double.parseDouble(m.group(1));
  }

  private void daemon(int host, String role, List<String> properties) throws IOException {
    List<String> args = new ArrayList<>(properties);
    args.add(role);
    Path log = state.resolve(role + ".log");
    hosts.on(host, ferry(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The launcher with the master's address, then {@code args}. */
  private List<String> ferry(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(ferry.toString(), "-Dferry.master.hostname=" + hosts.name(MASTER)));
    cmd.addAll(args);
    return cmd;
  }

  private void awaitPort(int host, int port) throws IOException {
    String address = "/dev/tcp/" + hosts.name(host) + "/" + port;
    for (int i = 0; i < 600; i++) {
      try {
        hosts.output(host, List.of("bash", "-c", "exec 3<>" + address));
        return;
      } catch (FerryException e) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new FerryException(ErrorCode.INTERNAL, "Interrupted while waiting for " + address);
        }
      }
    }
    throw new FerryException(ErrorCode.UNAVAILABLE, "Nothing listens on " + hosts.name(host) + ":" + port
        + " after 60 s; see the logs in " + state);
  }

  private static void writeFiles(Path dir, int files, long fileBytes) throws IOException {
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
