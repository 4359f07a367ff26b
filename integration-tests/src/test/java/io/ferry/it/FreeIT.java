package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry fs free PATH` over a master and a worker as separate processes: the
 * cached copies of persisted files go, a file whose only copy is the cache
 * (MUST_CACHE) keeps it, a pinned file keeps its copies, and a freed file
 * reads the same bytes again.
 */
class FreeIT {
  private static final long SIZE = 3L << 20;

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;
  /** This test's directory, with persisted.bin cached: each test has its own. */
  private String data;
  /** Where the under storage holds it. */
  private Path ufsDir;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @BeforeEach
  void cacheAFile(TestInfo test) throws Exception {
    data = "/" + test.getTestMethod().orElseThrow().getName();
    ufsDir = Files.createDirectories(cluster.rootUfs().resolve(data.substring(1)));
    TestFiles.writeRandom(ufsDir.resolve("persisted.bin"), SIZE, 1);
    cli.ok("load", data);
  }

  @Test
  void freeDropsTheCachedCopiesOfPersistedFiles() throws Exception {
    String out = cli.ok("fs", "free", data);

    assertThat(out).contains("Freed 1 file (3.00 MiB) under " + data);
    assertThat(cli.ok("fs", "stat", data + "/persisted.bin")).contains("cached: 0 bytes (0.0%)");
  }

  @Test
  void theWorkerDeletesTheFreedBlocks() throws Exception {
    try (FerryClient client = FerryClient.create(cluster.clientConf())) {
      long before = ClusterReports.await(client, r -> true).liveWorkers().get(0).blockCount();

      cli.ok("fs", "free", data);

      assertThat(ClusterReports.await(client, r -> r.liveWorkers().get(0).blockCount() == before - 1)
          .liveWorkers().get(0).blockCount()).isEqualTo(before - 1);
    }
  }

  @Test
  void aFreedFileReadsTheSameBytesAgain() throws Exception {
    cli.ok("fs", "free", data);

    Path copy = dir.resolve(data.substring(1) + "-copy.bin");
    cli.ok("fs", "get", data + "/persisted.bin", copy.toString());

    assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(ufsDir.resolve("persisted.bin")));
  }

  @Test
  void aFileNotInTheUnderStorageYetKeepsItsOnlyCopy() throws Exception {
    Path local = dir.resolve("only-cached.bin");
    TestFiles.writeRandom(local, SIZE, 2);
    cli.ok("fs", "put", "--write-type", "MUST_CACHE", local.toString(), data + "/only-cached.bin");

    String out = cli.ok("fs", "free", data);

    assertThat(out).contains("Kept 1 file not in the under storage yet, whose only copy is the cache "
        + "(such as " + data + "/only-cached.bin)");
    assertThat(cli.ok("fs", "stat", data + "/only-cached.bin")).contains("cached: " + SIZE + " bytes (100.0%)");
    Path copy = dir.resolve(data.substring(1) + "-copy.bin");
    cli.ok("fs", "get", data + "/only-cached.bin", copy.toString());
    assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(local));
  }

  @Test
  void aPinnedFileKeepsItsCachedCopies() throws Exception {
    Path local = dir.resolve("pinned.bin");
    TestFiles.writeRandom(local, SIZE, 3);
    cli.ok("fs", "put", "--write-type", "CACHE_THROUGH", local.toString(), data + "/pinned.bin");
    cli.ok("fs", "pin", data + "/pinned.bin");

    String out = cli.ok("fs", "free", data);

    assertThat(out).contains("Freed 1 file (3.00 MiB) under " + data)
        .contains("Kept 1 file pinned (such as " + data + "/pinned.bin); ferry fs unpin first to free them");
    assertThat(cli.ok("fs", "stat", data + "/pinned.bin")).contains("cached: " + SIZE + " bytes (100.0%)");
  }
}
