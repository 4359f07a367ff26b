package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerEndpoint;
import io.ferry.client.WorkerPreference;
import io.ferry.common.conf.PropertyKey;
import io.ferry.it.FerryCluster;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's checkpoint: written with write-back (the S3 mount's option
 * write.type=ASYNC_THROUGH) through a FUSE mount under a temporary name, then
 * renamed, with two workers; the worker it was written through is killed -9
 * before the persist job starts (ferry.master.persist.initial.wait gives the
 * window), and the other copy lands in the bucket byte for byte under the
 * final name. The size is -Dferry.it.checkpoint.mib (default 256, what CI
 * affords; 4096 was run by hand, see docs/benchmarks.md).
 */
class FuseWriteBackIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String BUCKET = "ferry-writeback";
  private static final long SIZE = Long.getLong("ferry.it.checkpoint.mib", 256) << 20;

  private static MountedCluster fuse;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;

  @BeforeAll
  static void start() throws Exception {
    fuse = MountedCluster.builder("ferry-fuse-writeback-")
        .cluster(b -> b.workers(2)
            .workerProperty(PropertyKey.WORKER_MEM_CAPACITY, Math.max(1L << 30, SIZE + (256L << 20)))
            .masterProperty(PropertyKey.MASTER_PERSIST_INITIAL_WAIT, "5s")
            .masterProperty(PropertyKey.MASTER_PERSIST_CHECK_INTERVAL, "200ms"))
        .beforeMount(FuseWriteBackIT::mountBucket)
        .start();
    cluster = fuse.cluster();
    mount = fuse.mount();
  }

  private static void mountBucket(FerryCluster cluster) throws Exception {
    S3TestBuckets.create(BUCKET);
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("write.type", "ASYNC_THROUGH");
    try (FerryClient client = cluster.newClient()) {
      client.mount("/s3", "s3://" + BUCKET, options, false);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
  }

  @Test
  void aCheckpointWrittenThroughFuseSurvivesTheKillOfItsWorkerBeforeItIsPersistedAndLandsInTheBucket()
      throws Exception {
    Path source = fuse.base().resolve("checkpoint.bin");
    String sha256 = writeRandom(source, SIZE);
    String run = "/s3/run-" + System.currentTimeMillis();
    Path dir = Files.createDirectories(mount.dir().resolve(run.substring(1)));
    Shell.ok(null, TIMEOUT, "cp", source.toString(), dir.resolve("model.pt.tmp").toString());
    Shell.ok(null, TIMEOUT, "mv", dir.resolve("model.pt.tmp").toString(), dir.resolve("model.pt").toString());

    try (FerryClient client = cluster.newClient()) {
      PathStatus written = client.getStatus(run + "/model.pt");
      cluster.killWorker(indexOf(WorkerPreference.forWrite(written.id(), client.getWorkers(), host -> true)
          .orElseThrow()));
      assertThat(written.persisted()).as("persisted before the kill").isFalse();

      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!client.getStatus(run + "/model.pt").persisted()) {
        assertThat(System.nanoTime()).as("persisted within " + TIMEOUT).isLessThan(deadline);
        Thread.sleep(200);
      }
      String key = client.getStatus(run + "/model.pt").ufsUri().substring(("s3://" + BUCKET).length() + 1);
      assertThat(S3TestBuckets.sha256(BUCKET, key)).isEqualTo(sha256);
      assertThat(S3TestBuckets.hasKeysStartingWith(BUCKET, key + ".tmp")).isFalse();
    }
  }

  private static int indexOf(WorkerEndpoint worker) {
    for (int i = 0; ; i++) {
      if (cluster.workerPort(i) == worker.rpcPort()) {
        return i;
      }
    }
  }

  /** Writes {@code size} random bytes; their SHA-256. */
  private static String writeRandom(Path file, long size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(18);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        sha.update(chunk, 0, n);
        out.write(chunk, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
