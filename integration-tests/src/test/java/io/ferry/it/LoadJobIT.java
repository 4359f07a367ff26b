package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.LoadJobStatus;
import io.ferry.client.LoadJobWaiter;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerStatus;
import io.ferry.common.conf.PropertyKey;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry load` over an S3 mount (S3Proxy), with a master and workers as
 * separate processes: jobs complete at the asked replication, survive a
 * master kill -9 without fetching a block twice, finish when a worker is
 * killed, share fetches with a reader running alongside, and stop fetching
 * when cancelled.
 */
class LoadJobIT {
  private static final String BUCKET = "ferry-load";
  private static final int SMALL_FILES = 10_000;
  private static final int SMALL_SIZE = 1024;
  private static final int LARGE_FILES = 3;
  private static final int LARGE_SIZE = 64 << 20;
  private static final int MEDIUM_FILES = 2_000;
  private static final int MEDIUM_SIZE = 64 << 10;
  /** Small load steps, so progress moves by 100 files and tests can stop a job early. */
  private static final int PAGE = 100;
  private static final Duration POLL = Duration.ofMillis(50);

  @TempDir static Path dir;
  @TempDir Path testDir;
  private FerryCluster cluster;

  @BeforeAll
  static void writeDatasets() throws Exception {
    S3TestBuckets.create(BUCKET);
    try (Ufs ufs = new Ufs("s3://" + BUCKET + "/", TestServers.s3().mountOptions())) {
      S3Datasets.write(ufs, "s3://" + BUCKET + "/small", SMALL_FILES, SMALL_SIZE);
      S3Datasets.write(ufs, "s3://" + BUCKET + "/medium", MEDIUM_FILES, MEDIUM_SIZE);
      S3Datasets.write(ufs, "s3://" + BUCKET + "/large", LARGE_FILES, LARGE_SIZE);
    }
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private FerryCluster startCluster(int workers) throws Exception {
    cluster = FerryCluster.builder(testDir.resolve("cluster")).workers(workers)
        .masterProperty(PropertyKey.MASTER_LOAD_PAGE_FILES, PAGE)
        // workers reconnect to a restarted master with gRPC's backoff: a few seconds after a short outage
        .masterProperty(PropertyKey.MASTER_LOAD_RESUME_DELAY, "8s")
        .masterProperty(PropertyKey.MASTER_LOAD_RETRY_BACKOFF, "200ms")
        .start();
    return cluster;
  }

  /** Mounts s3://ferry-load/NAME at /NAME, with blocks of {@code blockSize}. */
  private static void mount(FerryClient client, String name, String blockSize) throws Exception {
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("block.size", blockSize);
    client.mount("/" + name, "s3://" + BUCKET + "/" + name, options, true);
  }

  private FerryCli cli() {
    return new FerryCli(cluster.masterPort(), testDir.resolve("cli"));
  }

  @Test
  void aJobOverTenThousandSmallFilesCachesEveryBlockOnTwoWorkers() throws Exception {
    startCluster(2);
    try (FerryClient client = cluster.newClient()) {
      mount(client, "small", "64MB");

      LoadJobStatus job = await(client, client.createLoadJob("/small", 2, 0));

      assertThat(job.state()).isEqualTo(LoadJobStatus.State.COMPLETED);
      assertThat(job.filesDone()).isEqualTo(SMALL_FILES);
      assertThat(job.filesFailed()).isZero();
      assertThat(job.bytesDone()).isEqualTo((long) SMALL_FILES * SMALL_SIZE);
      assertThat(blocksPerWorker(client, n -> n == SMALL_FILES)).containsOnly((long) SMALL_FILES);
    }
  }

  @Test
  void aJobOverLargeFilesCachesEveryBlockOnTwoWorkers() throws Exception {
    startCluster(2);
    try (FerryClient client = cluster.newClient()) {
      mount(client, "large", "16MB");
      long blocks = LARGE_FILES * (LARGE_SIZE / (16L << 20));

      String json = cli().ok("load", "/large", "--replicas", "2", "--parallelism", "4", "--json");

      assertThat(json).contains("\"state\":\"completed\"", "\"files_done\":" + LARGE_FILES, "\"files_failed\":0",
          "\"bytes_fetched\":" + (long) LARGE_FILES * LARGE_SIZE);
      assertThat(blocksPerWorker(client, n -> n == blocks)).containsOnly(blocks);
    }
  }

  @Test
  void aMasterKilledMidJobResumesAfterRestartWithoutFetchingAnyBlockTwice() throws Exception {
    startCluster(2);
    long jobId;
    try (FerryClient client = cluster.newClient()) {
      mount(client, "medium", "64MB");
      jobId = client.createLoadJob("/medium", 1, 1).jobId();
      awaitProgress(client, jobId, PAGE);
    }
    cluster.killMaster();
    cluster.startMaster();

    try (FerryClient client = cluster.newClient()) {
      LoadJobStatus job = new LoadJobWaiter(client, POLL).await(jobId, j -> { });

      assertThat(job.state()).isEqualTo(LoadJobStatus.State.COMPLETED);
      assertThat(job.filesDone()).isEqualTo(MEDIUM_FILES);
      assertThat(job.bytesFetched()).isLessThan((long) MEDIUM_FILES * MEDIUM_SIZE); // some found cached
      assertThat(settledUfsBytesRead(client)).isEqualTo((long) MEDIUM_FILES * MEDIUM_SIZE);
    }
  }

  @Test
  void aWorkerKilledMidJobHasItsShareLoadedByTheOtherWorker() throws Exception {
    startCluster(2);
    try (FerryClient client = cluster.newClient()) {
      mount(client, "medium", "64MB");
      long jobId = client.createLoadJob("/medium", 1, 1).jobId();
      awaitProgress(client, jobId, PAGE);
      cluster.killWorker(1);
      long doneAtKill = client.getLoadJob(jobId).filesDone();

      LoadJobStatus job = new LoadJobWaiter(client, POLL).await(jobId, j -> { });

      assertThat(job.state()).isEqualTo(LoadJobStatus.State.COMPLETED);
      assertThat(job.filesDone()).isEqualTo(MEDIUM_FILES);
      // every file not done when worker 1 died (one block each) is now on worker 0; one page may have
      // finished on worker 1 between the kill and reading the counter
      long survivorBlocks = blocksOf(client, cluster.workerPort(0));
      assertThat(survivorBlocks).isGreaterThanOrEqualTo(MEDIUM_FILES - doneAtKill - PAGE);
    }
  }

  @Test
  void aReaderRunningAlongsideAJobGetsEveryFileAndNoBlockIsFetchedTwice() throws Exception {
    startCluster(1);
    try (FerryClient client = cluster.newClient()) {
      mount(client, "medium", "64MB");
      List<PathStatus> files = new ArrayList<>(client.listStatus("/medium"));
      Collections.shuffle(files, new Random(7));

      long jobId = client.createLoadJob("/medium", 1, 2).jobId();
      byte[] buffer = new byte[MEDIUM_SIZE];
      for (PathStatus f : files) {
        try (InputStream in = client.openFile(f)) {
          assertThat(in.readNBytes(buffer, 0, MEDIUM_SIZE)).isEqualTo(MEDIUM_SIZE);
        }
      }
      LoadJobStatus job = new LoadJobWaiter(client, POLL).await(jobId, j -> { });

      assertThat(job.state()).isEqualTo(LoadJobStatus.State.COMPLETED);
      assertThat(job.bytesFetched()).as("blocks the reader cached first are skipped by the job")
          .isLessThan((long) MEDIUM_FILES * MEDIUM_SIZE);
      assertThat(settledUfsBytesRead(client)).isEqualTo((long) MEDIUM_FILES * MEDIUM_SIZE);
    }
  }

  @Test
  void aCancelledJobStopsFetching() throws Exception {
    startCluster(1);
    try (FerryClient client = cluster.newClient()) {
      mount(client, "medium", "64MB");
      long jobId = client.createLoadJob("/medium", 1, 1).jobId();
      awaitProgress(client, jobId, PAGE);

      String out = cli().ok("load", "cancel", String.valueOf(jobId));

      assertThat(out).contains("load job " + jobId + " is cancelled");
      long fetchedAfterCancel = settledUfsBytesRead(client);
      Thread.sleep(2_000);
      assertThat(settledUfsBytesRead(client)).isEqualTo(fetchedAfterCancel)
          .isLessThan((long) MEDIUM_FILES * MEDIUM_SIZE);
      assertThat(client.getLoadJob(jobId).state()).isEqualTo(LoadJobStatus.State.CANCELLED);
    }
  }

  @Test
  void statusAndListShowAJobAndItsProgress() throws Exception {
    startCluster(1);
    try (FerryClient client = cluster.newClient()) {
      mount(client, "large", "16MB");
      String started = cli().ok("load", "/large", "--detach");
      assertThat(started).startsWith("load job 1 started: /large");
      await(client, client.getLoadJob(1));

      assertThat(cli().ok("load", "status", "1")).contains("state: completed", "files: 3/3 done, 0 failed");
      assertThat(cli().ok("load", "status", "1", "--json")).contains("\"id\":1", "\"state\":\"completed\"");
      assertThat(cli().ok("load", "list")).contains("completed", "/large");
      assertThat(cli().ok("load", "list", "--json")).startsWith("[{\"id\":1,");
    }
  }

  @Test
  void badLoadRequestsFailWithOneLineNamingTheProblem() throws Exception {
    startCluster(1);
    FerryCli.Result missing = cli().run("load", "/no-such-dir");
    FerryCli.Result replicas = cli().run("load", "/", "--replicas", "2");
    FerryCli.Result noJob = cli().run("load", "status", "42");

    for (FerryCli.Result r : List.of(missing, replicas, noJob)) {
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr().strip()).startsWith("ferry: ").doesNotContain("\n").doesNotContain("\tat ");
    }
    assertThat(missing.stderr()).contains("/no-such-dir");
    assertThat(replicas.stderr()).contains("2 replicas", "1 live worker");
    assertThat(noJob.stderr()).contains("No load job with id 42");
  }

  private static LoadJobStatus await(FerryClient client, LoadJobStatus job) throws Exception {
    return new LoadJobWaiter(client, POLL).await(job.jobId(), j -> { });
  }

  /** Waits until the job has done at least {@code files} files, and checks it is still running. */
  private static void awaitProgress(FerryClient client, long jobId, long files) throws Exception {
    LoadJobStatus job = client.getLoadJob(jobId);
    while (job.filesDone() < files && job.state() == LoadJobStatus.State.RUNNING) {
      Thread.sleep(20);
      job = client.getLoadJob(jobId);
    }
    assertThat(job.state()).as("the job must still run for this test").isEqualTo(LoadJobStatus.State.RUNNING);
  }

  /** The live workers' cached block counts, once they satisfy {@code settled} (heartbeats lag) or 10 s passed. */
  private static List<Long> blocksPerWorker(FerryClient client, Predicate<Long> settled) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<Long> counts = new ArrayList<>();
      for (WorkerStatus w : client.getWorkers()) {
        counts.add(w.blockCount());
      }
      if (counts.stream().allMatch(settled) || System.nanoTime() > deadline) {
        return counts;
      }
      Thread.sleep(100);
    }
  }

  private static long blocksOf(FerryClient client, int workerPort) throws Exception {
    Thread.sleep(1_000); // a few heartbeats
    return client.getWorkers().stream().filter(w -> w.endpoint().rpcPort() == workerPort)
        .mapToLong(WorkerStatus::blockCount).sum();
  }

  /** Bytes the live workers read from the UFS, once two heartbeats in a row report the same sum. */
  private static long settledUfsBytesRead(FerryClient client) throws Exception {
    long previous = -1;
    while (true) {
      long now = client.getWorkers().stream().mapToLong(w -> w.counters().ufsBytesRead()).sum();
      if (now == previous) {
        return now;
      }
      previous = now;
      Thread.sleep(500);
    }
  }
}
