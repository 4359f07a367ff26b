package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose bytes exist only in the cache reads back from another client
 * right after its writer closed it: the worker reports the new blocks at once
 * and the master acknowledges the completion only then, so readers never wait
 * for a heartbeat (here five minutes apart) to find them.
 */
class CacheOnlyReadAfterCloseIT {
  private static final int MIB = 1 << 20;

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.USER_BLOCK_SIZE, MIB)
        .masterProperty(PropertyKey.MASTER_WORKER_TIMEOUT, "10m")
        .workerProperty(PropertyKey.WORKER_HEARTBEAT_INTERVAL, "5m")
        .start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void aMustCacheFileReadsBackFromAnotherClientRightAfterItsClose() throws Exception {
    Path written = dir.resolve("checkpoint.bin");
    TestFiles.writeRandom(written, 3 * MIB + 123, 5);
    cli.ok("fs", "put", "--write-type", "MUST_CACHE", written.toString(), "/checkpoint.bin");

    Path back = dir.resolve("checkpoint.back");
    cli.ok("fs", "get", "/checkpoint.bin", back.toString());

    assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(written));
  }
}
