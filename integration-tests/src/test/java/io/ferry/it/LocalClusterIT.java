package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.WorkerStatus;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry local start --workers 3}: three workers with their own ports and tier directories. */
class LocalClusterIT {
  private static final Path FERRY = Path.of("..", "bin", "ferry").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void localStartWithThreeWorkersRunsThreeWorkersWithDistinctPortsAndTierDirectories() throws Exception {
    int masterPort = freePort();
    int workerPort = freePortRange();
    Map<String, String> env = Map.of("FERRY_STATE_DIR", dir.resolve("state").toString(),
        "FERRY_LOCAL_MEM_DIR", Files.createDirectories(dir.resolve("shm")).toString(),
        "FERRY_MASTER_RPC_PORT", String.valueOf(masterPort),
        "FERRY_WORKER_RPC_PORT", String.valueOf(workerPort),
        "FERRY_MASTER_WEB_PORT", "0", "FERRY_WORKER_WEB_PORT", "0",
        "FERRY_WORKER_S3_PORT", "0");
    try {
      assertThat(ferry(env, "local", "start", "--workers", "3", "--no-fuse")).contains("3 worker(s)");
      FerryConfiguration conf = FerryConfiguration.builder().set(PropertyKey.MASTER_HOSTNAME, "localhost")
          .set(PropertyKey.MASTER_RPC_PORT, masterPort).build();
      try (FerryClient client = FerryClient.create(conf)) {
        List<WorkerStatus> workers = awaitWorkers(client, 3);
        assertThat(workers).extracting(w -> w.endpoint().rpcPort())
            .containsExactlyInAnyOrder(workerPort, workerPort + 1, workerPort + 2);
        assertThat(workers).flatExtracting(w -> w.endpoint().tierDirs()).doesNotHaveDuplicates()
            .hasSize(6);
        assertThat(workers).allSatisfy(w -> assertThat(w.tiers()).extracting(WorkerStatus.Tier::alias)
            .containsExactly("MEM", "SSD"));
      }
    } finally {
      ferry(env, "local", "stop");
    }
  }

  private static List<WorkerStatus> awaitWorkers(FerryClient client, int count) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    List<WorkerStatus> workers = client.getWorkers();
    while (workers.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(200);
      workers = client.getWorkers();
    }
    return workers;
  }

  /** Runs bin/ferry; its stdout, failing with its output if it exits non-zero. */
  private String ferry(Map<String, String> env, String... args) throws IOException, InterruptedException {
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
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("ferry %s: %s", String.join(" ", args), output).isZero();
    return output;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The first of three consecutive free ports. */
  private static int freePortRange() {
    while (true) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
      try (ServerSocket a = new ServerSocket(base); ServerSocket b = new ServerSocket(base + 1);
           ServerSocket c = new ServerSocket(base + 2)) {
        return base;
      } catch (IOException taken) {
        // try another range
      }
    }
  }
}
