package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.WorkerStatus;
import io.ferry.common.conf.PropertyKey;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random 64 KiB reads of a large file in a local under storage, over a master
 * and a worker as separate processes: a miss fetches only the pages the read
 * needs (64 KiB pages here), so the worker fetches at most twice the bytes
 * read; read again they are hits; a sequential read of the same file still
 * gets every byte (a partially cached block is not served as a whole one);
 * `ferry fs stat` and `ferry fs ls` show a partly cached file's share, and
 * `ferry fs free` drops its pages.
 */
class RandomReadIT {
  private static final long FILE_SIZE = 96L << 20; // a 64 MiB block and a 32 MiB one
  private static final int READ = 64 << 10;
  private static final int READS = 64;

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;
  private static FerryClient client;
  /** This test's directory, with large.bin in it: each test has its own. */
  private String data;
  private Path ufsFile;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1)
        .workerProperty(PropertyKey.WORKER_PAGE_SIZE, "64KB").start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    client = FerryClient.create(cluster.clientConf());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    client.close();
    cluster.close();
  }

  @BeforeEach
  void writeALargeFile(TestInfo test) throws Exception {
    data = "/" + test.getTestMethod().orElseThrow().getName();
    ufsFile = Files.createDirectories(cluster.rootUfs().resolve(data.substring(1))).resolve("large.bin");
    TestFiles.writeRandom(ufsFile, FILE_SIZE, 7);
  }

  @Test
  void randomReadsFetchAtMostTwiceTheBytesTheyReadFromTheUnderStorage() throws Exception {
    long before = settledUfsBytes();

    readRandomRanges(1);

    assertThat(settledUfsBytes() - before).isBetween((long) READS * READ, 2L * READS * READ);
  }

  @Test
  void rangesReadAgainAreServedFromTheCachedPages() throws Exception {
    readRandomRanges(2);
    long before = settledUfsBytes();

    readRandomRanges(2);

    assertThat(settledUfsBytes()).isEqualTo(before);
  }

  @Test
  void aSequentialReadAfterRandomReadsGetsTheWholeFile() throws Exception {
    readRandomRanges(3);

    Path copy = dir.resolve(data.substring(1) + "-copy.bin");
    cli.ok("fs", "get", data + "/large.bin", copy.toString());

    assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(ufsFile));
  }

  @Test
  void aRandomReadOfAColdFileShowsAPartlyCachedShareInStatAndLs() throws Exception {
    readOneRange();

    String stat = awaitStat(s -> cachedBytes(s) > 0);

    assertThat(cachedBytes(stat)).isBetween((long) READ, 2L * READ); // one or two 64 KiB pages
    assertThat(stat).containsPattern("cached: \\d+ bytes \\((<0\\.1|0\\.[1-9])%\\)");
    assertThat(stat).containsPattern("block: id=\\d+ offset=0 length=67108864 cached=\\d+ locations=-");
    assertThat(cli.ok("fs", "ls", data)).contains(" <1% ");
  }

  @Test
  void freeDropsTheCachedPagesOfAPartlyCachedFile() throws Exception {
    readOneRange();
    awaitStat(s -> cachedBytes(s) > 0);

    assertThat(cli.ok("fs", "free", data)).contains("Freed 1 file");

    assertThat(cachedBytes(cli.ok("fs", "stat", data + "/large.bin"))).isZero();
    long before = settledUfsBytes(); // the worker dropped the pages with its next heartbeat
    readOneRange();
    assertThat(settledUfsBytes() - before).isGreaterThanOrEqualTo(READ);
  }

  @Test
  void benchRandomPrintsTheFiguresOfItsThreePassesAsJson() throws Exception {
    String json = cli.ok("bench", "random", "--path", data, "--reads", "40", "--json");

    assertThat(json).contains("\"ufs_p50_ms\":", "\"cold_p50_ms\":", "\"warm_p50_ms\":", "\"ufs_iops\":",
        "\"cold_iops\":", "\"warm_iops\":", "\"load_average\":", "\"tier_bytes\":", "\"short_circuit_ratio\":");
    Matcher ratio = Pattern.compile("\"ufs_bytes_fetched_ratio\":([0-9.]+)").matcher(json);
    assertThat(ratio.find()).isTrue();
    assertThat(Double.parseDouble(ratio.group(1))).isBetween(1.0, 2.0);
  }

  /** Reads 64 KiB in the middle of the first block with a positioned read. */
  private void readOneRange() throws Exception {
    byte[] got = new byte[READ];
    try (FerryInputStream in = client.openFile(client.getStatus(data + "/large.bin", false))) {
      for (int done = 0; done < READ; ) {
        done += in.positionedRead((32L << 20) + done, got, done, READ - done);
      }
    }
  }

  /** Polls {@code ferry fs stat} of large.bin until {@code done} accepts it (the worker reports with its heartbeat). */
  private String awaitStat(Predicate<String> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String stat = cli.ok("fs", "stat", data + "/large.bin");
    while (!done.test(stat)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("ferry fs stat never showed the expected state:\n" + stat);
      }
      Thread.sleep(200);
      stat = cli.ok("fs", "stat", data + "/large.bin");
    }
    return stat;
  }

  private static long cachedBytes(String stat) {
    Matcher m = Pattern.compile("(?m)^cached: (\\d+) bytes").matcher(stat);
    assertThat(m.find()).as("a cached line in %s", stat).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Reads random 64 KiB ranges with positioned reads and checks each against the UFS file. */
  private void readRandomRanges(long seed) throws Exception {
    Random random = new Random(seed);
    byte[] got = new byte[READ];
    byte[] expected = new byte[READ];
    try (FerryInputStream in = client.openFile(client.getStatus(data + "/large.bin", false));
        RandomAccessFile ufs = new RandomAccessFile(ufsFile.toFile(), "r")) {
      for (int i = 0; i < READS; i++) {
        long offset = (long) (random.nextDouble() * (FILE_SIZE - READ));
        for (int done = 0; done < READ; ) {
          done += in.positionedRead(offset + done, got, done, READ - done);
        }
        ufs.seek(offset);
        ufs.readFully(expected);
        assertThat(got).as("bytes at %d", offset).isEqualTo(expected);
      }
    }
  }

  /** The bytes the worker fetched from the under storage, once its heartbeats reported every fetch made. */
  private static long settledUfsBytes() throws Exception {
    Thread.sleep(600); // three heartbeats of the test cluster
    ClusterStatus report = ClusterReports.await(client, r -> true);
    return report.liveWorkers().stream().map(WorkerStatus::counters).mapToLong(WorkerStatus.Counters::ufsBytesRead)
        .sum();
  }
}
