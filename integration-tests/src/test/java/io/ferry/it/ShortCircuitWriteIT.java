package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client on the worker's host writing a write-back (ASYNC_THROUGH) file puts
 * its blocks straight into the worker's block files (short-circuit write), so
 * the worker writes none of its bytes itself; a client that may not open the
 * worker's block files sends the bytes over the stream instead. Either way
 * the file reads back exactly (issue 18, the checkpoint benchmark's write
 * path). No persist job starts during a test (it would make the worker write).
 */
class ShortCircuitWriteIT {
  private static final int MIB = 1 << 20;
  private static final Pattern WRITTEN = Pattern.compile("(?m)^wchar: (\\d+)$");

  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  @BeforeEach
  void start() throws Exception {
    cluster = OtherUsersCluster.start(dir, b -> b.masterProperty(PropertyKey.USER_BLOCK_SIZE, 4 * MIB)
        .masterProperty(PropertyKey.MASTER_PERSIST_INITIAL_WAIT, "10m"));
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A local text file of {@code bytes} (several blocks, the last one partial), readable by every user. */
  private Path localFile(String name, int bytes) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, OtherUsersCluster.text(name, bytes), StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  /** Bytes the worker process has passed to write(2) and the like since it started (/proc/PID/io). */
  private long workerBytesWritten() throws Exception {
    Matcher m = WRITTEN.matcher(Files.readString(Path.of("/proc", String.valueOf(cluster.workerPid(0)), "io")));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aWriteBackFileOfAClientOnTheWorkersHostIsWrittenIntoTheBlockFilesByTheClient() throws Exception {
    Path local = localFile("ckpt.txt", 18 * MIB);
    long before = workerBytesWritten();

    cli.ok("fs", "put", "--write-type", "ASYNC_THROUGH", local.toString(), "/ckpt.txt");

    assertThat(workerBytesWritten() - before).as("bytes the worker wrote").isLessThan(2 * MIB);
    assertThat(cli.ok("fs", "cat", "/ckpt.txt")).isEqualTo(Files.readString(local, StandardCharsets.US_ASCII));
  }

  @Test
  void aClientThatCannotOpenTheWorkersBlockFilesSendsTheBytesToTheWorker() throws Exception {
    Path local = localFile("ckpt.txt", 18 * MIB);
    long before = workerBytesWritten();

    cli.asUser("nobody").ok("fs", "put", "--write-type", "ASYNC_THROUGH", local.toString(), "/ckpt.txt");

    assertThat(workerBytesWritten() - before).as("bytes the worker wrote").isGreaterThanOrEqualTo(18 * MIB);
    assertThat(cli.ok("fs", "cat", "/ckpt.txt")).isEqualTo(Files.readString(local, StandardCharsets.US_ASCII));
  }
}
