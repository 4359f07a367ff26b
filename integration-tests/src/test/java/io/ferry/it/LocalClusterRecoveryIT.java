package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.fuse.MountPoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry local` after faults (issue 14, launcher): one dead worker restarted,
 * a stale FUSE mount recovered at start, and a stop that leaves other
 * clusters' MEM tiers alone.
 */
class LocalClusterRecoveryIT {
  @TempDir Path dir;

  @Test
  void restartWorkerBringsADeadWorkerBackWithItsPort() throws Exception {
    LocalLauncher ferry = new LocalLauncher(dir, 2);
    try {
      ferry.ok("local", "start", "--workers", "2", "--no-fuse");
      long before = ferry.pid("worker-1");
      ferry.kill9("worker-1");

      String out = ferry.ok("local", "restart", "worker", "1");

      assertThat(out).contains("Worker 1 restarted");
      assertThat(ferry.pid("worker-1")).isNotEqualTo(before);
      assertThat(ProcessHandle.of(ferry.pid("worker-1")).map(ProcessHandle::isAlive)).contains(true);
      assertThat(ferry.awaitWorkers(2)).extracting(w -> w.endpoint().rpcPort())
          .contains(ferry.workerPort() + 1);
    } finally {
      ferry.ok("local", "stop");
    }
  }

  @Test
  void restartOfAWorkerThatWasNeverStartedFailsWithOneLine() throws Exception {
    LocalLauncher ferry = new LocalLauncher(dir, 1);

    FerryCli.Result r = ferry.run("local", "restart", "worker", "7");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("no worker 7").doesNotContain("\tat ");
  }

  @Test
  void stopRemovesItsOwnMemTiersAndNoOtherClustersOnes() throws Exception {
    LocalLauncher ferry = new LocalLauncher(dir, 1);
    Path otherClusters = Files.createDirectories(ferry.memBase().resolve("ferry-local-123-worker-0"));
    Path olderLauncher = Files.createDirectories(ferry.memBase().resolve("ferry-local-worker-0"));
    ferry.ok("local", "start", "--no-fuse");
    assertThat(tiers(ferry)).hasSize(3);

    ferry.ok("local", "stop");

    assertThat(tiers(ferry)).containsExactlyInAnyOrder(otherClusters, olderLauncher);
  }

  private static List<Path> tiers(LocalLauncher ferry) throws Exception {
    try (Stream<Path> s = Files.list(ferry.memBase())) {
      return s.toList();
    }
  }

  @Test
  void startAfterAnUncleanStopReplacesTheStaleMountBeforeSayingItIsMounted() throws Exception {
    LocalLauncher ferry = new LocalLauncher(dir, 1);
    try {
      ferry.ok("local", "start");
      for (String daemon : List.of("fuse", "worker-0", "master")) {
        ferry.kill9(daemon);
      }
      awaitStale(ferry.mountPoint());

      String out = ferry.ok("local", "start");

      assertThat(out).contains("stale mount").contains("mounted at " + ferry.mountPoint());
      assertThat(MountPoints.isStale(ferry.mountPoint())).isFalse();
      assertThat(ferry.mountPoint().resolve("sample")).isDirectory();
    } finally {
      ferry.ok("local", "stop");
    }
  }

  private static void awaitStale(Path mountPoint) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!MountPoints.isStale(mountPoint) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(MountPoints.isStale(mountPoint)).as("the killed mount is stale").isTrue();
  }
}
