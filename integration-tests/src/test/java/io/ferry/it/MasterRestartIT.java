package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A master killed with kill -9 and restarted has lost no acknowledged namespace change. */
class MasterRestartIT {
  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void namespaceAndMountsSurviveKill9OfTheMaster() throws Exception {
    Path local = dir.resolve("local.txt");
    Files.writeString(local, "acknowledged before the crash\n");
    Path extra = Files.createDirectories(dir.resolve("extra-ufs"));
    Files.writeString(extra.resolve("e.txt"), "in a second mount\n");
    cli.ok("fs", "mkdir", "-p", "/a/b/c");
    cli.ok("fs", "put", local.toString(), "/a/b/file.txt");
    cli.ok("fs", "mv", "/a/b/c", "/a/b/renamed");
    cli.ok("fs", "mkdir", "/gone");
    cli.ok("fs", "rm", "-R", "/gone");
    cli.ok("fs", "mount", "/extra", extra.toUri().toString());

    cluster.killMaster();
    cluster.startMaster();
    cluster.awaitLiveWorkers(1);

    assertThat(cli.ok("fs", "ls", "/a/b")).contains("file.txt").contains("renamed").doesNotContain(" c\n");
    assertThat(cli.ok("fs", "cat", "/a/b/file.txt")).isEqualTo("acknowledged before the crash\n");
    assertThat(cli.run("fs", "stat", "/gone").exitCode()).isEqualTo(1);
    assertThat(cli.ok("fs", "mounts")).contains("/extra");
    assertThat(cli.ok("fs", "cat", "/extra/e.txt")).isEqualTo("in a second mount\n");
  }
}
