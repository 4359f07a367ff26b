package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry fs pin` / `unpin` over a master and a worker (an 8 MiB MEM tier,
 * LRU) as separate processes: a pinned file stays cached while reads of
 * other files flood the cache, an unpinned one is evicted, a pin that cannot
 * fit is refused, and pins survive a master restart.
 */
class PinIT {
  private static final int MIB = 1 << 20;
  private static final long PINNED_SIZE = 3L * MIB;
  /** Four 3 MiB files: more than the cache holds beside the pinned file. */
  private static final int FLOOD_FILES = 4;

  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;
  private FerryClient client;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.USER_BLOCK_SIZE, MIB)
        .workerProperty(PropertyKey.WORKER_MEM_CAPACITY, 8 * MIB)
        .workerProperty(PropertyKey.WORKER_EVICTION_POLICY, "LRU")
        .start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    client = cluster.newClient();
    TestFiles.writeRandom(cluster.rootUfs().resolve("pinned.bin"), PINNED_SIZE, 1);
    for (int i = 0; i < FLOOD_FILES; i++) {
      TestFiles.writeRandom(cluster.rootUfs().resolve("flood" + i + ".bin"), 3L * MIB, 10 + i);
    }
  }

  @AfterEach
  void stopCluster() throws Exception {
    client.close();
    cluster.close();
  }

  @Test
  void aPinnedFileSurvivesACacheFlood() throws Exception {
    assertThat(cli.ok("fs", "pin", "/pinned.bin")).isEqualTo("/pinned.bin: pinned\n");
    readPinnedFile();

    floodTheCache();

    assertThat(cli.ok("fs", "stat", "/pinned.bin")).contains("pinned: true")
        .contains("cached: " + PINNED_SIZE + " bytes (100.0%)");
  }

  @Test
  void anUnpinnedFileIsEvictedByAFlood() throws Exception {
    cli.ok("fs", "pin", "/pinned.bin");
    readPinnedFile();
    awaitTheWorkerHeardTheMaster();

    assertThat(cli.ok("fs", "unpin", "/pinned.bin")).isEqualTo("/pinned.bin: not pinned\n");
    floodTheCache();

    assertThat(cli.ok("fs", "stat", "/pinned.bin")).contains("pinned: false")
        .doesNotContain("cached: " + PINNED_SIZE + " bytes");
  }

  @Test
  void aPinThatDoesNotFitInTheWorkersCachesIsRefusedWithOneLine() throws Exception {
    TestFiles.writeRandom(cluster.rootUfs().resolve("big.bin"), 9L * MIB, 2);

    FerryCli.Result refused = cli.run("fs", "pin", "/big.bin");

    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(1);
    assertThat(refused.stderr().strip()).doesNotContain("\n")
        .contains("Cannot pin /big.bin: its " + 9 * MIB + " bytes and the 0 bytes pinned already would be more "
            + "than the " + 8 * MIB + " bytes the 1 live worker(s) can cache");
    assertThat(cli.ok("fs", "stat", "/big.bin")).contains("pinned: false");
  }

  @Test
  void aPinSurvivesAMasterRestart() throws Exception {
    cli.ok("fs", "pin", "/pinned.bin");
    readPinnedFile();

    cluster.killMaster();
    cluster.startMaster();
    floodTheCache();

    assertThat(cli.ok("fs", "stat", "/pinned.bin")).contains("pinned: true")
        .contains("cached: " + PINNED_SIZE + " bytes (100.0%)");
  }

  /** Reads the pinned file whole: the worker caches it as it serves it. */
  private void readPinnedFile() throws Exception {
    try (FerryInputStream in = client.openFile("/pinned.bin")) {
      assertThat(TestFiles.sha256(in)).isEqualTo(TestFiles.sha256(cluster.rootUfs().resolve("pinned.bin")));
    }
  }

  /**
   * Once the worker knows the pins, reads every flood file (each reads back
   * whole), then waits until the master knows which blocks the worker evicted.
   */
  private void floodTheCache() throws Exception {
    awaitTheWorkerHeardTheMaster();
    for (int i = 0; i < FLOOD_FILES; i++) {
      String name = "flood" + i + ".bin";
      try (FerryInputStream in = client.openFile("/" + name)) {
        assertThat(TestFiles.sha256(in)).isEqualTo(TestFiles.sha256(cluster.rootUfs().resolve(name)));
      }
    }
    awaitTheWorkerHeardTheMaster();
  }

  /**
   * Waits for two heartbeats the master took after now: the worker acted on
   * the answer to the first (the pinned files) before it sent the second,
   * which reported its blocks as they were then.
   */
  private void awaitTheWorkerHeardTheMaster() throws Exception {
    long now = System.currentTimeMillis();
    long first = ClusterReports.await(client, r -> r.liveWorkers().get(0).lastHeartbeatMs() > now)
        .liveWorkers().get(0).lastHeartbeatMs();
    ClusterReports.await(client, r -> r.liveWorkers().get(0).lastHeartbeatMs() > first);
  }
}
