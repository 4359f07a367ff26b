package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FakeCluster;
import io.ferry.client.FakeMaster;
import io.ferry.proto.MountRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands against a fake master and worker. */
class FerryCliCommandsTest {
  @TempDir
  Path tmp;
  private FakeCluster cluster;

  @BeforeEach
  void start() throws IOException {
    cluster = new FakeCluster(1, tmp);
  }

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  private CliRun run(String... args) {
    return CliRun.of(() -> cluster.conf(false), args);
  }

  @Test
  void lsPrintsModeOwnerGroupSizeCachedShareMtimeAndName() {
    cluster.addFile("/data.bin", 1234, 1 << 20);
    CliRun run = run("fs", "ls", "/");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches(
        "-rw-r--r-- alice +staff +1234 +0% \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d data\\.bin\\R");
  }

  @Test
  void lsMarksDirectoriesAndRecursesWithFullPaths() {
    cluster.master.inodes.put("/d", cluster.master.dir("/d"));
    cluster.addFile("/d/f", 1, 1024);
    CliRun run = run("fs", "ls", "-R", "/");
    assertThat(run.out().lines()).hasSize(2);
    assertThat(run.out().lines().toList().get(0)).startsWith("drwxr-xr-x").endsWith(" /d");
    assertThat(run.out().lines().toList().get(1)).startsWith("-rw-r--r--").endsWith(" /d/f");
  }

  @Test
  void statShowsEveryFieldAndTheBlocks() {
    cluster.addFile("/f", 10, 1024, cluster.addresses.get(0));
    CliRun run = run("fs", "stat", "/f");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("path: /f", "type: file", "length: 10", "block_size: 1024", "owner: alice",
        "mode: -rw-r--r-- (644)", "ufs_uri: mem:///f", "fingerprint: fp-10", "complete: true", "persisted: true",
        "blocks: 1", "locations=127.0.0.1:" + cluster.addresses.get(0).getRpcPort());
  }

  @Test
  void statShowsHowMuchOfTheFileIsCached() {
    cluster.addFile("/f", 10, 1024, cluster.addresses.get(0));
    cluster.addFile("/g", 10, 1024);

    assertThat(run("fs", "stat", "/f").out()).contains("cached: 10 bytes (100.0%)");
    assertThat(run("fs", "stat", "/g").out()).contains("cached: 0 bytes (0.0%)");
  }

  @Test
  void pinShowsInStatUntilUnpin() {
    cluster.addFile("/f", 10, 1024);

    assertThat(run("fs", "pin", "/f").out()).isEqualTo("/f: pinned" + System.lineSeparator());
    assertThat(run("fs", "stat", "/f").out()).contains("pinned: true");
    assertThat(run("fs", "unpin", "/f").out()).isEqualTo("/f: not pinned" + System.lineSeparator());
    assertThat(run("fs", "stat", "/f").out()).contains("pinned: false");
  }

  @Test
  void catWritesTheFileBytes() {
    byte[] data = cluster.addFile("/f", 300_000, 100_000);
    CliRun run = run("fs", "cat", "/f");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).isEqualTo(data);
  }

  @Test
  void catOfAMissingFileNamesIt() {
    CliRun run = run("fs", "cat", "/nope");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).isEqualTo("ferry: No such file or directory: /nope" + System.lineSeparator());
  }

  @Test
  void putThenGetRoundTripsTheBytes() throws IOException {
    byte[] data = new byte[3_000_000];
    new java.util.Random(3).nextBytes(data);
    Path local = Files.write(tmp.resolve("in.bin"), data);
    assertThat(run("fs", "put", "--write-type", "through", local.toString(), "/up.bin").exitCode()).isZero();
    assertThat(cluster.ufs.get(FakeMaster.ufsUri("/up.bin"))).isEqualTo(data);
    Path back = tmp.resolve("out.bin");
    assertThat(run("fs", "get", "/up.bin", back.toString()).exitCode()).isZero();
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
  }

  @Test
  void putIntoADirectoryKeepsTheLocalName() throws IOException {
    Path local = Files.write(tmp.resolve("name.txt"), new byte[] {1, 2, 3});
    assertThat(run("fs", "put", local.toString(), "/").exitCode()).isZero();
    assertThat(cluster.master.inodes).containsKey("/name.txt");
  }

  @Test
  void mountPassesRepeatedOptionsAndReadOnly() {
    CliRun run = run("fs", "mount", "--option", "a=1", "-o", "b=2", "--readonly", "/m", "file:///tmp/x");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Mounted file:///tmp/x at /m");
    MountRequest request = cluster.master.mounted.get(0);
    assertThat(request.getOptionsMap()).containsEntry("a", "1").containsEntry("b", "2");
    assertThat(request.getReadOnly()).isTrue();
  }

  @Test
  void mountsShowsOptionsAsTheMasterReturnsThem() {
    CliRun run = run("fs", "mounts");
    assertThat(run.out()).matches("/ +mem:/// +rw id=1 options=aws\\.secret\\.key=\\*{6}\\R");
  }

  @Test
  void reportShowsTotalsAndTheHitRatio() {
    cluster.master.cacheHits = 3;
    cluster.master.cacheMisses = 1;
    CliRun run = run("report");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("live_workers: 1", "cache_hits: 3", "cache_misses: 1", "cache_hit_ratio: 75.0%",
        "127.0.0.1:" + cluster.addresses.get(0).getRpcPort());
  }

  @Test
  void benchAsksForTheCredentialsTheMasterKeeps() {
    cluster.addFile("/f", 10, 1024);
    CliRun run = run("bench", "read", "--path", "/");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("Mount / (mem:///)").contains("--ufs-option");
  }
}
