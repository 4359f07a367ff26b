package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.PropertyKey;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry bench checkpoint} against a cluster of two workers whose
 * under storage is S3 (S3Proxy): its three figures and the persist time
 * come out in one JSON object, and the write-back copy is in the bucket.
 * The size is -Dferry.it.checkpoint.bench.size (default 64MB in CI; the
 * figure of docs/benchmarks.md was taken with a larger one).
 */
class CheckpointBenchIT {
  private static final String BUCKET = "ferry-checkpoint-bench";
  private static final String SIZE = System.getProperty("ferry.it.checkpoint.bench.size", "64MB");

  @TempDir
  static Path base;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void start() throws Exception {
    cluster = FerryCluster.builder(base.resolve("cluster")).workers(2).workerProperty(PropertyKey.WORKER_MEM_CAPACITY, "3GB").start();
    S3TestBuckets.create(BUCKET);
    try (FerryClient client = cluster.newClient()) {
      client.mount("/s3", "s3://" + BUCKET, TestServers.s3().mountOptions(), false);
    }
    cli = new FerryCli(cluster.masterPort(), base.resolve("cli"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void oneRunMeasuresTmpfsThroughAndWriteBackAndTheTimeToPersist() throws Exception {
    String json = cli.ok("bench", "checkpoint", "--path", "/s3/bench-" + System.currentTimeMillis(),
        "--size", SIZE, "--json").strip();
    System.out.println("ferry bench checkpoint --size " + SIZE + ": " + json);

    assertThat(json).containsPattern("\"tmpfs_mbps\":[0-9.]+").containsPattern("\"through_mbps\":[0-9.]+")
        .containsPattern("\"writeback_mbps\":[0-9.]+").containsPattern("\"persist_s\":[0-9.]+")
        .contains("\"load_average\"");
  }
}
