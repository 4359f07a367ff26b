package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FUSE mount of a three-master cluster follows a new leader after the
 * leader is killed (-9): reads, listings and new files through the mount are
 * served again by themselves, with no remount, and nothing written before the
 * kill is lost.
 */
class FuseLeaderFailoverIT {
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(120);
  /** The election, the new leader's start and the worker's registration, on a loaded 2-core machine. */
  private static final Duration SERVED_AGAIN_WITHIN = Duration.ofSeconds(90);

  @TempDir static Path dir;
  private static HaCluster cluster;
  private static FuseOnHost fuse;
  private static Path dataset;

  @BeforeAll
  static void start() throws Exception {
    cluster = new HaCluster(dir.resolve("ha"), 1, Map.of()).start();
    Files.createDirectories(cluster.rootUfs().resolve("data"));
    dataset = cluster.rootUfs().resolve("data/shard.bin");
    Files.write(dataset, TestFiles.randomBytes(4 << 20, 11));
    fuse = FuseOnHost.mount(ProcessHost.LOCAL, Map.of(
            PropertyKey.MASTER_ADDRESSES.name(), cluster.addresses(),
            PropertyKey.FUSE_WEB_PORT.name(), String.valueOf(FerryCluster.freePort())),
        dir.resolve("mnt"), cluster.logDir().resolve("fuse.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
    cluster.close();
  }

  @Test
  void afterTheLeaderIsKilledTheMountServesReadsListingsAndNewFilesAgainByItself() throws Exception {
    assertThat(run("cmp", fuse.dir() + "/data/shard.bin", dataset.toString()).exitCode()).isZero();
    assertThat(run("sh", "-c", "echo before > " + fuse.dir() + "/data/before.txt").exitCode()).isZero();

    long killed = System.nanoTime();
    cluster.killMaster(cluster.leader());
    FuseOnHost.Result after = awaitServed("sh", "-c", "echo after > " + fuse.dir() + "/data/after.txt && cat "
        + fuse.dir() + "/data/after.txt " + fuse.dir() + "/data/before.txt && ls " + fuse.dir() + "/data");
    System.out.println("FuseLeaderFailoverIT: the mount served a create, reads and a listing again "
        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after the leader was killed");

    assertThat(after.stdout()).isEqualTo("after\nbefore\nafter.txt\nbefore.txt\nshard.bin\n");
    assertThat(run("cmp", fuse.dir() + "/data/shard.bin", dataset.toString()).exitCode()).isZero();
  }

  /** Runs the command through the mount until it succeeds; each attempt ends (never hangs). */
  private static FuseOnHost.Result awaitServed(String... command) throws Exception {
    long deadline = System.nanoTime() + SERVED_AGAIN_WITHIN.toNanos();
    FuseOnHost.Result r = run(command);
    while (r.exitCode() != 0 && System.nanoTime() < deadline) {
      assertThat(r.took()).as("an attempt during the election: " + r.stderr()).isLessThan(COMMAND_LIMIT);
      Thread.sleep(500);
      r = run(command);
    }
    assertThat(r.exitCode()).as("through the mount after the failover: " + r.stderr()).isZero();
    return r;
  }

  private static FuseOnHost.Result run(String... command) throws Exception {
    return fuse.run(COMMAND_LIMIT, command);
  }
}
