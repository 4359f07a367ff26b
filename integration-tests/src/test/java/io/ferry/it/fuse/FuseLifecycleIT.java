package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.fuse.MountPoints;
import io.ferry.it.FerryCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mounting, unmounting, a killed mount process, and a dead master. */
class FuseLifecycleIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Path base;
  private FerryCluster cluster;

  @BeforeEach
  void start() throws Exception {
    base = FuseTestDirs.create(Path.of("/tmp"), "ferry-fuse-life-");
    cluster = FerryCluster.builder(base).start();
    Files.createDirectories(cluster.rootUfs().resolve("data"));
    Files.writeString(cluster.rootUfs().resolve("data/hello.txt"), "hello\n");
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
    FuseTestDirs.delete(base);
  }

  @Test
  void sigtermUnmountsAndExits() throws Exception {
    FuseMountProcess mount = new FuseMountProcess(cluster, base.resolve("mnt")).start();
    assertThat(mount.dir().resolve("data/hello.txt")).hasContent("hello");

    assertThat(mount.stop()).as("exit code after SIGTERM").isIn(0, 128 + 15);
    assertThat(MountPoints.isMounted(mount.dir())).isFalse();
  }

  @Test
  void staleMountOfAKilledProcessIsCleanedBeforeMountingAgain() throws Exception {
    FuseMountProcess killed = new FuseMountProcess(cluster, base.resolve("mnt")).start();
    killed.kill();
    assertThat(MountPoints.isStale(killed.dir())).isTrue();
    assertThat(Shell.run(TIMEOUT, "ls", killed.dir().toString()).output())
        .contains("Transport endpoint is not connected");

    try (FuseMountProcess again = new FuseMountProcess(cluster, killed.dir()).start()) {
      assertThat(again.dir().resolve("data/hello.txt")).hasContent("hello");
      assertThat(again.log()).contains("stale FUSE mount");
    }
    assertThat(MountPoints.isMounted(killed.dir())).isFalse();
  }

  @Test
  void deadMasterGivesEioWithinTheTimeoutAndTheMountRecovers() throws Exception {
    try (FuseMountProcess mount = new FuseMountProcess(cluster, base.resolve("mnt"))
        .property("ferry.fuse.rpc.timeout", "3s")
        .property("ferry.fuse.metadata.cache.ttl", "0s")
        .property("ferry.fuse.entry.timeout", "0s")
        .property("ferry.fuse.attr.timeout", "0s")
        .start()) {
      assertThat(mount.dir().resolve("data/hello.txt")).hasContent("hello");
      cluster.killMaster();

      Shell.Result stat = Shell.run(TIMEOUT, "stat", mount.dir().resolve("data/other.txt").toString());
      assertThat(stat.exitCode()).isNotZero();
      assertThat(stat.output()).contains("Input/output error");
      assertThat(stat.elapsed()).isLessThan(Duration.ofSeconds(15));

      cluster.startMaster();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      Shell.Result cat;
      do {
        Thread.sleep(500);
        cat = Shell.run(TIMEOUT, "cat", mount.dir().resolve("data/hello.txt").toString());
      } while (cat.exitCode() != 0 && System.nanoTime() < deadline);
      assertThat(cat.output()).isEqualTo("hello\n");
    }
  }

  @Test
  void aMountStartedWhileItsMasterIsDownMountsOnceTheMasterIsBack() throws Exception {
    cluster.killMaster();
    FuseMountProcess mount = new FuseMountProcess(cluster, base.resolve("mnt")).property("ferry.fuse.rpc.timeout", "2s");
    CompletableFuture<FuseMountProcess> started = CompletableFuture.supplyAsync(() -> {
      try {
        return mount.start();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    Thread.sleep(3_000); // longer than the mount's RPC timeout: its first calls have failed

    cluster.startMaster();

    try (FuseMountProcess mounted = started.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      cluster.awaitLiveWorkers(1); // the worker registers again with the restarted master (a read needs it)
      assertThat(mounted.dir().resolve("data/hello.txt")).hasContent("hello");
    }
  }
}
