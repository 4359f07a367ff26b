package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader on the worker's host never fails while the worker is alive and the
 * under storage has the bytes: when short-circuit is refused (the worker
 * cannot keep the block) or fails (this user may not open the worker's block
 * files), `ferry fs cat` streams the block from the worker (issue 14, point 3).
 */
class ShortCircuitFallbackIT {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  private void start(long blockSize, long cacheBytes) throws Exception {
    cluster = OtherUsersCluster.start(dir, b -> b.masterProperty(PropertyKey.USER_BLOCK_SIZE, blockSize)
        .workerProperty(PropertyKey.WORKER_MEM_CAPACITY, cacheBytes));
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Text, so that the CLI's stdout compares as a string. */
  private String writeText(String name, int bytes) throws Exception {
    String text = OtherUsersCluster.text(name, bytes);
    Files.writeString(cluster.rootUfs().resolve(name), text, StandardCharsets.US_ASCII);
    return text;
  }

  /** `ferry fs cat` by {@code reader} exits 0 and prints the whole file. */
  private static void assertCatPrints(FerryCli reader, String path, String text) throws Exception {
    FerryCli.Result cat = reader.run("fs", "cat", path);

    assertThat(cat.exitCode()).as(cat.stderr()).isZero();
    assertThat(cat.stdout()).isEqualTo(text);
  }

  @Test
  void aPersistedFileThreeTimesTheCacheReadsWholeWithCat() throws Exception {
    start(MIB, 8 * MIB);

    assertCatPrints(cli, "/big.txt", writeText("big.txt", 24 * MIB));
  }

  @Test
  void aFileWhoseBlocksAreLargerThanTheCacheReadsWholeWithCat() throws Exception {
    start(8 * MIB, 4 * MIB);

    assertCatPrints(cli, "/big.txt", writeText("big.txt", 20 * MIB));
  }

  @Test
  void aUserWhoCannotOpenTheWorkersBlockFilesReadsCachedBlocksThroughTheWorker() throws Exception {
    start(MIB, 64 * MIB);
    String text = writeText("cached.txt", 5 * MIB);
    cli.ok("fs", "cat", "/cached.txt"); // cached now, in block files of mode 0600 owned by root

    assertCatPrints(cli.asUser("nobody"), "/cached.txt", text);
  }
}
