package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master killed with kill -9 and restarted has lost no acknowledged namespace change, and a mutation in
 * flight at the kill is applied once (issue 14).
 */
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

  /**
   * The client sends the mutation again with its request id until the master is back: applied before the kill,
   * the retry gets its first answer (not "already exists"); not applied, the retry applies it.
   */
  @Test
  void aMutationInFlightWhenTheMasterIsKilledIsAppliedOnceAfterTheRestart() throws Exception {
    List<String> names = IntStream.range(0, 100_000).mapToObj(i -> "f" + i).toList();
    // retried through the kill, the restart and the journal replay, on a machine loaded many times over
    FerryConfiguration patient = cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT, "300s").build();
    try (FerryClient writer = FerryClient.create(patient); FerryClient client = cluster.newClient()) {
      client.createDirectory("/batch", false);
      CompletableFuture<Integer> created = CompletableFuture.supplyAsync(() -> createEmptyFiles(writer, names));
      Thread.sleep(300); // sent: one call of 100,000 names keeps the master busy for seconds

      assertThat(created).as("still in flight at the kill").isNotDone();
      cluster.killMaster();
      cluster.startMaster();

      assertThat(created.get(300, TimeUnit.SECONDS)).isEqualTo(names.size());
      assertThat(client.listStatus("/batch")).hasSize(names.size());
    }
  }

  @Test
  void aMutationWhileTheMasterStaysDownFailsWithOneLineAfterTheFailoverTimeout() throws Exception {
    cluster.killMaster();

    FerryCli.Result r = cli.withProperty(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT.name(), "2s")
        .run("fs", "mkdir", "/never");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).doesNotContain("\n").contains("unavailable")
        .contains(":" + cluster.masterPort());
  }

  private static int createEmptyFiles(FerryClient client, List<String> names) {
    try {
      return client.createEmptyFiles("/batch", names);
    } catch (FerryException e) {
      throw new UncheckedIOException(e);
    }
  }
}
