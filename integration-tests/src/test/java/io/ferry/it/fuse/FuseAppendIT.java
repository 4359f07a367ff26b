package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FerryOutputStream;
import io.ferry.it.FerryCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Appends, truncates and overwrites of existing files through a real mount (a master, a worker and the FUSE
 * process, each its own process), read back through the mount, the client and the under storage, also once
 * the cached copies are freed.
 */
class FuseAppendIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static MountedCluster fuse;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;
  private static FerryClient client;

  @BeforeAll
  static void start() throws Exception {
    fuse = MountedCluster.start("ferry-fuse-append-");
    cluster = fuse.cluster();
    mount = fuse.mount();
    client = fuse.client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
  }

  private static Path fresh(String name) throws IOException {
    Path dir = Files.createDirectories(mount.dir().resolve(name));
    return dir.resolve("log");
  }

  private static byte[] readThroughClient(String path) throws IOException {
    try (FerryInputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shellAppendsReadBackExactlyThroughTheMountTheClientAndTheUnderStorage() throws Exception {
    Path log = fresh("shell");
    Shell.sh(log.getParent(), TIMEOUT, "echo one > log; echo two >> log; echo three >> log");

    assertThat(log).hasContent("one\ntwo\nthree");
    assertThat(readThroughClient("/shell/log")).isEqualTo(bytes("one\ntwo\nthree\n"));
    assertThat(cluster.rootUfs().resolve("shell/log")).hasContent("one\ntwo\nthree");
    assertThat(Shell.ok(log.getParent(), TIMEOUT, "ls", "-a")).doesNotContain("ferry-append");
  }

  @Test
  void pythonAppendsOfAMultiBlockFileReadBackExactlyAfterTheCacheIsFreed() throws Exception {
    Path log = fresh("python");
    byte[] first = new byte[3 << 20];
    new Random(1).nextBytes(first);
    Files.write(log, first);
    String script = "import sys\nfor i in range(3):\n    with open(sys.argv[1], 'a') as f:\n"
        + "        f.write('line %d\\n' % i)\n";
    Shell.ok(null, TIMEOUT, "python3", "-c", script, log.toString());

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(first);
    expected.writeBytes(bytes("line 0\nline 1\nline 2\n"));
    client.free("/python/log");
    assertThat(readThroughClient("/python/log")).isEqualTo(expected.toByteArray());
    assertThat(Files.readAllBytes(log)).isEqualTo(expected.toByteArray());
    assertThat(Files.readAllBytes(cluster.rootUfs().resolve("python/log"))).isEqualTo(expected.toByteArray());
  }

  @Test
  void anAppendThroughTheClientIsReadThroughTheMount() throws Exception {
    Path log = fresh("client");
    Files.write(log, bytes("head\n")); // complete once close(2) returned
    try (FerryOutputStream out = client.appendFile("/client/log")) {
      out.write(bytes("tail\n"));
    }

    assertThat(log).hasContent("head\ntail");
  }

  @Test
  void fsyncCompletesTheFileSoFarInTheUnderStorageAndWritingGoesOn() throws Exception {
    Path log = fresh("fsync");
    String script = "import os, sys, time\n"
        + "fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o644)\n"
        + "os.write(fd, b'synced\\n')\n"
        + "os.fsync(fd)\n"
        + "print(open(sys.argv[2], 'rb').read().decode(), end='')\n"
        + "os.write(fd, b'more\\n')\n"
        + "os.close(fd)\n";
    String seenInTheUfsAfterFsync = Shell.ok(null, TIMEOUT, "python3", "-c", script, log.toString(),
        cluster.rootUfs().resolve("fsync/log").toString());

    assertThat(seenInTheUfsAfterFsync).isEqualTo("synced\n");
    assertThat(readThroughClient("/fsync/log")).isEqualTo(bytes("synced\nmore\n"));
  }

  @Test
  void truncateShrinksAndGrowsWithZeros() throws Exception {
    Path log = fresh("truncate");
    Files.write(log, bytes("abcdef"));

    Shell.ok(null, TIMEOUT, "truncate", "-s", "2", log.toString());
    assertThat(Files.readAllBytes(log)).isEqualTo(bytes("ab"));

    Shell.ok(null, TIMEOUT, "truncate", "-s", "5", log.toString());
    assertThat(Files.readAllBytes(log)).isEqualTo(Arrays.copyOf(bytes("ab"), 5));
    assertThat(Files.readAllBytes(cluster.rootUfs().resolve("truncate/log")))
        .isEqualTo(Arrays.copyOf(bytes("ab"), 5));
  }

  @Test
  void redirectionAndCpReplaceAnExistingFile() throws Exception {
    Path log = fresh("overwrite");
    Files.write(log, bytes("a long first content\n"));
    Shell.sh(log.getParent(), TIMEOUT, "echo short > log");
    assertThat(log).hasContent("short");

    Path source = fuse.base().resolve("source.txt");
    Files.write(source, bytes("copied\n"));
    Shell.ok(null, TIMEOUT, "cp", source.toString(), log.toString());
    assertThat(log).hasContent("copied");
    assertThat(cluster.rootUfs().resolve("overwrite/log")).hasContent("copied");
  }

  @Test
  void aWriteIntoExistingBytesIsRefusedWithEopnotsupp() throws Exception {
    Path log = fresh("middle");
    Files.write(log, bytes("abcdef"));

    Shell.Result r = Shell.run(TIMEOUT, "dd", "if=/dev/zero", "of=" + log, "bs=1", "count=1", "seek=2",
        "conv=notrunc");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Operation not supported");
    assertThat(Files.readAllBytes(log)).isEqualTo(bytes("abcdef"));
  }
}
