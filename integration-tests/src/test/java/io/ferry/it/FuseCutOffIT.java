package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FUSE mount on a host with no worker, cut off (silent loss) from the
 * master but not the worker, or from the worker but not the master: a call
 * on the mount fails with EIO within the mount's timeouts instead of
 * hanging, and once the link is back the mount serves again by itself.
 */
class FuseCutOffIT {
  private static final int MASTER_HOST = 1;
  private static final int WORKER_HOST = 2;
  private static final int FUSE_HOST = 3;
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_STALL_TIMEOUT = Duration.ofSeconds(3);
  /** The longer timeout, a connection attempt and a loaded 2-core machine's delays. */
  private static final Duration EIO_WITHIN = READ_STALL_TIMEOUT.plusSeconds(6);
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);
  private static final String FILE = "/data.bin";

  @TempDir Path dir;
  private SimulatedHosts hosts;
  private MultiHostCluster cluster;
  private FuseOnHost fuse;
  private Path local;

  @BeforeEach
  void start() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);
    hosts = SimulatedHosts.up(FUSE_HOST);
    cluster = new MultiHostCluster(hosts, 1, dir.resolve("cluster"), Map.of()).start();
    local = dir.resolve("data.bin");
    TestFiles.writeRandom(local, 1 << 20, 3);
    cluster.cli(FUSE_HOST, Map.of()).ok("fs", "put", local.toString(), FILE);
    // nothing cached in the mount or the kernel: every stat and open asks the master
    fuse = FuseOnHost.mount(hosts.host(FUSE_HOST), cluster.clientProperties(Map.of(
        PropertyKey.FUSE_RPC_TIMEOUT, RPC_TIMEOUT.toMillis() + "ms",
        PropertyKey.USER_CONNECT_TIMEOUT, "1s",
        PropertyKey.USER_READ_STALL_TIMEOUT, READ_STALL_TIMEOUT.toMillis() + "ms",
        PropertyKey.FUSE_METADATA_CACHE_TTL, "0s",
        PropertyKey.FUSE_ENTRY_TIMEOUT, "0s",
        PropertyKey.FUSE_ATTR_TIMEOUT, "0s",
        PropertyKey.FUSE_PAGE_CACHE, "none")), dir.resolve("mnt"), cluster.logDir().resolve("fuse.log"));
  }

  @AfterEach
  void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void cutOffFromTheMasterTheMountFailsWithEioWithinItsTimeoutAndServesAgainAfterHealing() throws Exception {
    assertReadable("before the cut");

    hosts.cut(MASTER_HOST, false);
    FuseOnHost.Result stat = fuse.run(COMMAND_LIMIT, "stat", fuse.dir() + FILE);
    FuseOnHost.Result read = cmp();
    System.out.println("FuseCutOffIT: with the master's host cut off, stat failed after " + stat.took().toMillis()
        + " ms and a read after " + read.took().toMillis() + " ms (RPC timeout " + RPC_TIMEOUT.toMillis() + " ms)");
    assertThat(stat.stderr()).contains("Input/output error");
    assertThat(stat.took()).isLessThan(EIO_WITHIN);
    assertThat(read.exitCode()).isNotZero();
    assertThat(read.took()).isLessThan(EIO_WITHIN);

    hosts.heal(MASTER_HOST);
    assertReadableAgain();
  }

  @Test
  void cutOffFromTheWorkerTheMountStillAnswersStatsFailsReadsWithEioAndServesAgainAfterHealing() throws Exception {
    assertReadable("before the cut");

    hosts.cutBetween(FUSE_HOST, WORKER_HOST);
    FuseOnHost.Result stat = fuse.run(COMMAND_LIMIT, "stat", fuse.dir() + FILE);
    FuseOnHost.Result read = cmp();
    System.out.println("FuseCutOffIT: with the worker's host cut off from the mount's, stat took "
        + stat.took().toMillis() + " ms and a read failed after " + read.took().toMillis() + " ms (stall timeout "
        + READ_STALL_TIMEOUT.toMillis() + " ms)");
    assertThat(stat.exitCode()).as("stat answered by the master: " + stat.stderr()).isZero();
    assertThat(read.exitCode()).isNotZero();
    assertThat(read.stderr()).contains("Input/output error");
    assertThat(read.took()).isLessThan(EIO_WITHIN);

    hosts.heal(FUSE_HOST);
    assertReadableAgain();
  }

  private void assertReadable(String when) throws Exception {
    FuseOnHost.Result read = cmp();
    assertThat(read.exitCode()).as("the file read through the mount " + when + ": " + read.stderr()).isZero();
  }

  /** The mount serves the file again by itself, within a minute of the link coming back. */
  private void assertReadableAgain() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    FuseOnHost.Result after;
    while ((after = cmp()).exitCode() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(after.exitCode()).as("the file read through the mount after healing: " + after.stderr()).isZero();
  }

  /** Compares the file read through the mount with the local copy it was written from. */
  private FuseOnHost.Result cmp() throws Exception {
    return fuse.run(COMMAND_LIMIT, "cmp", fuse.dir() + FILE, local.toString());
  }
}
