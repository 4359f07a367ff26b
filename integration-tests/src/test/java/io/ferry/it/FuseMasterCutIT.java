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
 * A FUSE mount on a host with no worker, cut off from the master (the
 * master's host cut off: silent loss) but not from the worker: a stat or a
 * read on the mount fails with EIO within the mount's RPC timeout instead of
 * hanging, and once the link is back the mount serves again by itself.
 */
class FuseMasterCutIT {
  private static final int MASTER_HOST = 1;
  private static final int FUSE_HOST = 3;
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(2);
  /** The RPC timeout, a connection attempt and a loaded 2-core machine's delays. */
  private static final Duration EIO_WITHIN = RPC_TIMEOUT.plusSeconds(6);
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
  void theMountFailsWithEioWithinItsTimeoutAndServesAgainAfterHealing() throws Exception {
    FuseOnHost.Result before = cmp();
    assertThat(before.exitCode()).as("the file read through the mount before the cut: " + before.stderr()).isZero();

    hosts.cut(MASTER_HOST, false);
    FuseOnHost.Result stat = fuse.run(COMMAND_LIMIT, "stat", fuse.dir() + FILE);
    FuseOnHost.Result read = cmp();
    System.out.println("FuseMasterCutIT: with the master's host cut off, stat failed after " + stat.took().toMillis()
        + " ms and a read after " + read.took().toMillis() + " ms (RPC timeout " + RPC_TIMEOUT.toMillis() + " ms)");
    assertThat(stat.stderr()).contains("Input/output error");
    assertThat(stat.took()).isLessThan(EIO_WITHIN);
    assertThat(read.exitCode()).isNotZero();
    assertThat(read.took()).isLessThan(EIO_WITHIN);

    hosts.heal(MASTER_HOST);
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
