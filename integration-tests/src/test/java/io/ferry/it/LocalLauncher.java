package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.WorkerStatus;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * bin/ferry (and its `local` cluster) run as a user runs it, with a state
 * directory, a MEM base directory, a mount point and free ports of its own.
 */
final class LocalLauncher {
  private static final Path FERRY = Path.of("..", "bin", "ferry").toAbsolutePath().normalize();

  private final Path dir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final int masterPort;
  private final int workerPort;

  /** @param workers how many consecutive worker ports to reserve */
  LocalLauncher(Path dir, int workers) throws IOException {
    this.dir = dir;
    this.masterPort = FerryCluster.freePort();
    this.workerPort = freePortRange(workers);
    env.put("FERRY_STATE_DIR", stateDir().toString());
    env.put("FERRY_LOCAL_MEM_DIR", Files.createDirectories(memBase()).toString());
    env.put("FERRY_LOCAL_MOUNT", dir.resolve("mnt").toString());
    env.put("FERRY_MASTER_RPC_PORT", String.valueOf(masterPort));
    env.put("FERRY_WORKER_RPC_PORT", String.valueOf(workerPort));
    env.put("FERRY_MASTER_WEB_PORT", "0");
    env.put("FERRY_WORKER_WEB_PORT", "0");
    env.put("FERRY_WORKER_S3_PORT", "0");
  }

  Path stateDir() {
    return dir.resolve("state");
  }

  /** Where the workers' MEM tiers are made (FERRY_LOCAL_MEM_DIR, /dev/shm by default). */
  Path memBase() {
    return dir.resolve("shm");
  }

  Path mountPoint() {
    return dir.resolve("mnt");
  }

  int workerPort() {
    return workerPort;
  }

  int masterPort() {
    return masterPort;
  }

  /** The pid `ferry local start` recorded for a daemon (master, worker-0, fuse…). */
  long pid(String daemon) throws IOException {
    return Long.parseLong(Files.readString(stateDir().resolve("pids").resolve(daemon + ".pid")).trim());
  }

  /** kill -9 of a daemon, waiting until it is gone. */
  void kill9(String daemon) throws Exception {
    java.util.Optional<ProcessHandle> process = ProcessHandle.of(pid(daemon));
    if (process.isPresent()) {
      process.get().destroyForcibly();
      process.get().onExit().get(30, TimeUnit.SECONDS);
    }
  }

  FerryClient newClient() throws IOException {
    return FerryClient.create(FerryConfiguration.builder().set(PropertyKey.MASTER_HOSTNAME, "localhost")
        .set(PropertyKey.MASTER_RPC_PORT, masterPort).build());
  }

  /** Runs bin/ferry; its output, failing with it if it exits non-zero. */
  String ok(String... args) throws IOException, InterruptedException {
    FerryCli.Result r = run(args);
    assertThat(r.exitCode()).as("ferry %s: %s", String.join(" ", args), r.stdout()).isZero();
    return r.stdout();
  }

  /** Runs bin/ferry; stdout and stderr together in the result's stdout. */
  FerryCli.Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(FERRY.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    // this Maven run has built the tree; a build here would rewrite the class files that other
    // test classes' processes, running in parallel, are loading
    pb.environment().put("FERRY_SKIP_BUILD", "1");
    Path out = Files.createTempFile(dir, "ferry", ".out");
    Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ferry " + String.join(" ", args) + " did not finish in 180 s");
    }
    return new FerryCli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), "");
  }

  /** The live workers once there are {@code count} (or what there are after 60 s). */
  List<WorkerStatus> awaitWorkers(int count) throws Exception {
    try (FerryClient client = newClient()) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      List<WorkerStatus> workers = client.getWorkers();
      while (workers.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(200);
        workers = client.getWorkers();
      }
      return workers;
    }
  }

  /** The first of {@code n} consecutive free ports. */
  private static int freePortRange(int n) {
    while (true) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      if (allFree(base, n)) {
        return base;
      }
    }
  }

  private static boolean allFree(int base, int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        held.add(new ServerSocket(base + i));
      }
      return true;
    } catch (IOException taken) {
      return false;
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
