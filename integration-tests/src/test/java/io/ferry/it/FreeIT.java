package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry fs free PATH` over a master and a worker as separate processes: the
 * cached copies of persisted files go, a file whose only copy is the cache
 * (MUST_CACHE) keeps it, and a freed file reads the same bytes again.
 */
class FreeIT {
  private static final long SIZE = 3L << 20;

  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    TestFiles.writeRandom(Files.createDirectories(cluster.rootUfs().resolve("data")).resolve("persisted.bin"),
        SIZE, 1);
    cli.ok("load", "/data");
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void freeDropsTheCachedCopiesOfPersistedFiles() throws Exception {
    String out = cli.ok("fs", "free", "/data");

    assertThat(out).contains("Freed 1 file (3.00 MiB) under /data");
    assertThat(cli.ok("fs", "stat", "/data/persisted.bin")).contains("cached: 0 bytes (0.0%)");
  }

  @Test
  void theWorkerDeletesTheFreedBlocks() throws Exception {
    cli.ok("fs", "free", "/data");

    try (FerryClient client = FerryClient.create(cluster.clientConf())) {
      assertThat(ClusterReports.await(client, r -> r.liveWorkers().get(0).blockCount() == 0)
          .liveWorkers().get(0).blockCount()).isZero();
    }
  }

  @Test
  void aFreedFileReadsTheSameBytesAgain() throws Exception {
    cli.ok("fs", "free", "/data");

    Path copy = dir.resolve("copy.bin");
    cli.ok("fs", "get", "/data/persisted.bin", copy.toString());

    assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(cluster.rootUfs().resolve("data/persisted.bin")));
  }

  @Test
  void aFileNotInTheUnderStorageYetKeepsItsOnlyCopy() throws Exception {
    Path local = dir.resolve("only-cached.bin");
    TestFiles.writeRandom(local, SIZE, 2);
    cli.ok("fs", "put", "--write-type", "MUST_CACHE", local.toString(), "/data/only-cached.bin");

    String out = cli.ok("fs", "free", "/data");

    assertThat(out).contains("Kept 1 file not in the under storage yet, whose only copy is the cache "
        + "(such as /data/only-cached.bin)");
    assertThat(cli.ok("fs", "stat", "/data/only-cached.bin")).contains("cached: " + SIZE + " bytes (100.0%)");
    Path copy = dir.resolve("copy.bin");
    cli.ok("fs", "get", "/data/only-cached.bin", copy.toString());
    assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(local));
  }
}
