package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ferry fs ls` and `ferry fs stat` tell how much of each file the workers cache, like Alluxio's in-memory column. */
class CachedShareIT {
  private static final long SIZE = 3L << 20;

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    Path ufsDir = Files.createDirectories(cluster.rootUfs().resolve("data"));
    TestFiles.writeRandom(ufsDir.resolve("cold.bin"), SIZE, 1);
    TestFiles.writeRandom(ufsDir.resolve("warm.bin"), SIZE, 2);
    cli.ok("load", "/data/warm.bin");
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void lsShowsAFileNeverReadAsNoneCached() throws Exception {
    assertThat(lineOf(cli.ok("fs", "ls", "/data"), "cold.bin")).contains(" " + SIZE + "   0% ");
  }

  @Test
  void lsShowsALoadedFileAsWhollyCached() throws Exception {
    assertThat(lineOf(cli.ok("fs", "ls", "/data"), "warm.bin")).contains(" " + SIZE + " 100% ");
  }

  @Test
  void lsShowsNoShareForADirectory() throws Exception {
    assertThat(lineOf(cli.ok("fs", "ls", "/"), "data")).contains("    - ");
  }

  @Test
  void statTellsTheCachedBytesAndShare() throws Exception {
    assertThat(cli.ok("fs", "stat", "/data/warm.bin")).contains("cached: " + SIZE + " bytes (100.0%)");
  }

  private static String lineOf(String listing, String name) {
    return listing.lines().filter(l -> l.endsWith(" " + name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in:\n" + listing));
  }
}
