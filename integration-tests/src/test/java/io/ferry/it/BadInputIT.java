package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.FerryClient;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User errors get one clear line that names what is wrong, exit code 1, and no stack trace. */
class BadInputIT {
  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static void assertOneLineError(FerryCli.Result r, String... mentions) {
    assertThat(r.exitCode()).as("exit code; stdout: %s", r.stdout()).isEqualTo(1);
    assertThat(r.stderr().strip()).startsWith("ferry: ").doesNotContain("\n").doesNotContain("Exception")
        .doesNotContain("\tat ");
    for (String m : mentions) {
      assertThat(r.stderr()).contains(m);
    }
  }

  @Test
  void statOfUnknownPathNamesThePath() throws Exception {
    assertOneLineError(cli.run("fs", "stat", "/no/such/file"), "/no/such/file", "No such file");
  }

  @Test
  void catOfUnknownPathNamesThePath() throws Exception {
    assertOneLineError(cli.run("fs", "cat", "/missing.txt"), "/missing.txt");
  }

  @Test
  void mountOverAnExistingMountPointIsRefused() throws Exception {
    Path a = Files.createDirectories(dir.resolve("ufs-a"));
    Path b = Files.createDirectories(dir.resolve("ufs-b"));
    cli.ok("fs", "mount", "/mnt-a", a.toString());

    assertOneLineError(cli.run("fs", "mount", "/mnt-a", b.toString()), "/mnt-a");
  }

  @Test
  void mountOfAUfsDirectoryAlreadyMountedElsewhereIsRefused() throws Exception {
    Path c = Files.createDirectories(dir.resolve("ufs-c"));
    cli.ok("fs", "mount", "/mnt-c", c.toString());

    assertOneLineError(cli.run("fs", "mount", "/mnt-c2", c.toString()), c.toString());
  }

  @Test
  void mountOfAMissingDirectoryNamesIt() throws Exception {
    String missing = dir.resolve("does-not-exist").toString();
    assertOneLineError(cli.run("fs", "mount", "/mnt-missing", missing), missing);
    assertThat(cli.run("fs", "stat", "/mnt-missing").exitCode()).isEqualTo(1);
  }

  @Test
  void replicationOutsideOneToSixteenIsRefusedNamingThePathAndTheRange() throws Exception {
    Files.writeString(cluster.rootUfs().resolve("replicated.txt"), "x");
    assertOneLineError(cli.run("fs", "setReplication", "/replicated.txt", "0"), "/replicated.txt",
        "between 1 and 16");
    assertThat(cli.ok("fs", "stat", "/replicated.txt")).contains("replication: 1");
  }

  @Test
  void aMasterThatDoesNotAnswerIsNamedWithinSeconds() throws Exception {
    int closedPort = FerryCluster.freePort();
    long start = System.nanoTime();
    FerryCli.Result r = new FerryCli(closedPort, dir.resolve("cli")).run("fs", "ls", "/");
    assertOneLineError(r, "localhost:" + closedPort);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
  }

  @Test
  void aPathLongerThan4096BytesIsRefusedBeforeAnyDirectoryIsMade() throws Exception {
    String deep = "/deep" + ("/" + "d".repeat(49)).repeat(100); // 5,005 bytes, 101 levels

    assertOneLineError(cli.run("fs", "mkdir", "-p", deep), "Path too long", "5005 bytes", "at most 4096");

    assertThat(cli.run("fs", "stat", "/deep").exitCode()).isEqualTo(1);
  }

  @Test
  void theMasterItselfRefusesAPathDeeperThan1000LevelsBeforeAnyDirectoryIsMade() throws Exception {
    String deep = "/deep2" + "/d".repeat(1000); // 1,001 levels in 2,006 bytes
    CreateDirectoryRequest request = CreateDirectoryRequest.newBuilder().setPath(deep).setRecursive(true).build();
    ManagedChannel channel = GrpcChannels.forAddress("localhost", cluster.masterPort(), Duration.ofSeconds(10));
    try {
      // the stub, not the client, which checks paths itself before any RPC
      assertThatThrownBy(() -> FileSystemMasterServiceGrpc.newBlockingStub(channel).createDirectory(request))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(GrpcErrors.fromStatus(e, "master")
              .code()).isEqualTo(ErrorCode.NAME_TOO_LONG))
          .hasMessageContaining("Path too deep: 1001 levels, at most 1000");
    } finally {
      GrpcChannels.shutdown(channel);
    }

    assertThat(cli.run("fs", "stat", "/deep2").exitCode()).isEqualTo(1);
  }

  @Test
  void aFileNameWithANulByteIsRefusedAndNothingIsCreated() throws Exception {
    cli.ok("fs", "mkdir", "/nul-dir");
    try (FerryClient client = cluster.newClient()) {
      assertThatThrownBy(() -> client.createEmptyFiles("/nul-dir", List.of("ok.txt", "bad\0name")))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH))
          .hasMessageContaining("NUL");

      assertThat(client.listStatus("/nul-dir")).isEmpty();
    }
  }

  @Test
  void aMisspelledConfigurationKeyIsNamed() throws Exception {
    assertOneLineError(cli.withProperty("ferry.master.rpc.prot", "1").run("fs", "ls", "/"),
        "ferry.master.rpc.prot");
  }

  @Test
  void aMalformedConfigurationValueIsNamed() throws Exception {
    assertOneLineError(cli.withProperty("ferry.user.block.size", "huge").run("fs", "ls", "/"),
        "ferry.user.block.size", "huge");
  }
}
