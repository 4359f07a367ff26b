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

  private String ok(String... args) throws Exception {
    FerryCli.Result r = cli.run(args);
    assertThat(r.exitCode()).as("ferry %s: %s", String.join(" ", args), r.stderr()).isZero();
    return r.stdout();
  }

  @Test
  void namespaceAndMountsSurviveKill9OfTheMaster() throws Exception {
    Path local = dir.resolve("local.txt");
    Files.writeString(local, "acknowledged before the crash\n");
    Path extra = Files.createDirectories(dir.resolve("extra-ufs"));
    Files.writeString(extra.resolve("e.txt"), "in a second mount\n");
    ok("fs", "mkdir", "-p", "/a/b/c");
    ok("fs", "put", local.toString(), "/a/b/file.txt");
    ok("fs", "mv", "/a/b/c", "/a/b/renamed");
    ok("fs", "mkdir", "/gone");
    ok("fs", "rm", "-R", "/gone");
    ok("fs", "mount", "/extra", extra.toUri().toString());

    cluster.killMaster();
    cluster.startMaster();
    cluster.awaitLiveWorkers(1);

    assertThat(ok("fs", "ls", "/a/b")).contains("file.txt").contains("renamed").doesNotContain(" c\n");
    assertThat(ok("fs", "cat", "/a/b/file.txt")).isEqualTo("acknowledged before the crash\n");
    assertThat(cli.run("fs", "stat", "/gone").exitCode()).isEqualTo(1);
    assertThat(ok("fs", "mounts")).contains("/extra");
    assertThat(ok("fs", "cat", "/extra/e.txt")).isEqualTo("in a second mount\n");
  }
}
