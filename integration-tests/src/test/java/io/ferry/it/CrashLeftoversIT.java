package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.client.PathStatus;
import io.ferry.client.WriteType;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every multi-step write is recoverable after a kill -9: temporary files in
 * the under storage are cleaned, a file left incomplete is completed from
 * its under-storage copy or removed once its writer's lease expired, and
 * deleting an incomplete file deletes its under-storage copy.
 */
class CrashLeftoversIT {
  private static final int MIB = 1 << 20;
  private static final Duration SHORT_LEASE = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String S3_BUCKET = "ferry-crash";

  @TempDir Path dir;
  private FerryCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void start(Duration leaseTimeout) throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.MASTER_FILE_LEASE_TIMEOUT, leaseTimeout.toMillis() + "ms")
        .start();
  }

  /** A client that gives up on a master that is down after a second instead of waiting for a failover. */
  private FerryClient impatientClient() {
    return FerryClient.create(cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT, "1s")
        .set(PropertyKey.USER_RPC_TIMEOUT, "5s")
        .build());
  }

  /** Opens a CACHE_THROUGH write of {@code path} and writes 8 MiB, until its temporary file is in the UFS. */
  private FerryOutputStream startedPut(FerryClient client, String path) throws Exception {
    FerryOutputStream out = client.createFile(path, CreateOptions.DEFAULT.withWriteType(WriteType.CACHE_THROUGH));
    out.write(TestFiles.randomBytes(8 * MIB, 7));
    out.flush();
    await("a temporary file in the under storage", () -> !temporaries().isEmpty());
    return out;
  }

  private List<Path> temporaries() throws IOException {
    try (Stream<Path> files = Files.list(cluster.rootUfs())) {
      return files.filter(f -> f.getFileName().toString().contains(".ferry-tmp-")).toList();
    }
  }

  @Test
  void aPutWhoseWorkerIsKilledLeavesNoTemporaryFileInTheUnderStorage() throws Exception {
    start(Duration.ofMinutes(10));
    try (FerryClient client = impatientClient()) {
      FerryOutputStream out = startedPut(client, "/big.bin");

      cluster.killWorker(0);

      assertThatThrownBy(() -> {
        out.write(new byte[8 * MIB]);
        out.close();
      }).isInstanceOf(IOException.class);
      await("no temporary file left", () -> temporaries().isEmpty());
      assertThat(cluster.rootUfs().resolve("big.bin")).doesNotExist();
      assertNotFound(client, "/big.bin");
    }
  }

  @Test
  void aPutToS3WhoseWorkerIsKilledLeavesNoOpenMultipartUpload() throws Exception {
    start(Duration.ofMinutes(10));
    S3TestBuckets.create(S3_BUCKET);
    String name = UUID.randomUUID() + ".bin"; // the bucket outlives the test: a name of its own
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.part-size", "5m");
    try (FerryClient patient = cluster.newClient()) { // an S3 mount's checks take seconds on a busy machine
      patient.mount("/s3", "s3://" + S3_BUCKET + "/", options, false);
    }
    try (FerryClient client = impatientClient()) {
      FerryOutputStream out = client.createFile("/s3/" + name,
          CreateOptions.DEFAULT.withWriteType(WriteType.CACHE_THROUGH));
      out.write(TestFiles.randomBytes(8 * MIB, 7));
      out.flush();
      await("a part uploaded", () -> !S3TestBuckets.openUploads(S3_BUCKET, name).isEmpty());

      cluster.killWorker(0);

      assertThatThrownBy(() -> {
        out.write(new byte[8 * MIB]);
        out.close();
      }).isInstanceOf(IOException.class);
      await("no open multipart upload left", () -> S3TestBuckets.openUploads(S3_BUCKET, name).isEmpty());
      assertNotFound(client, "/s3/" + name);
    }
  }

  @Test
  void aFileWhoseCompletionDiedWithTheMasterIsCompletedFromItsUnderStorageCopyAfterTheLease() throws Exception {
    start(SHORT_LEASE);
    try (FerryClient client = impatientClient()) {
      FerryOutputStream out = startedPut(client, "/done.bin");

      cluster.killMaster();
      assertThatThrownBy(out::close).isInstanceOf(IOException.class); // published in the UFS, not completed
      cluster.startMaster();

      await("the file completed", () -> client.getStatus("/done.bin").complete());
      PathStatus done = client.getStatus("/done.bin");
      assertThat(done.length()).isEqualTo(8 * MIB);
      cluster.awaitLiveWorkers(1); // registered again with the restarted master
      assertThat(TestFiles.sha256(client.openFile("/done.bin")))
          .isEqualTo(TestFiles.sha256(cluster.rootUfs().resolve("done.bin")));
    }
  }

  @Test
  void removingAFileLeftIncompleteByAMasterCrashDeletesItsUnderStorageCopy() throws Exception {
    start(Duration.ofMinutes(10));
    try (FerryClient client = impatientClient()) {
      FerryOutputStream out = startedPut(client, "/stuck.bin");
      cluster.killMaster();
      assertThatThrownBy(out::close).isInstanceOf(IOException.class);
      cluster.startMaster();
      await("the master back, the file still incomplete", () -> !client.getStatus("/stuck.bin").complete());

      client.delete("/stuck.bin", false);

      assertThat(cluster.rootUfs().resolve("stuck.bin")).doesNotExist();
      assertNotFound(client, "/stuck.bin");
      assertThat(client.listStatus("/", true)).extracting(PathStatus::name).doesNotContain("stuck.bin");
    }
  }

  @Test
  void aFileWhoseMasterAndWorkerDiedMidWriteIsRemovedWithItsTemporariesAfterTheLease() throws Exception {
    start(SHORT_LEASE);
    try (FerryClient client = impatientClient()) {
      startedPut(client, "/half.bin");

      cluster.killMaster();
      cluster.killWorker(0);
      cluster.startMaster();

      await("the incomplete file removed", () -> isGone(client, "/half.bin"));
      await("no temporary file left", () -> temporaries().isEmpty());
      assertThat(cluster.rootUfs().resolve("half.bin")).doesNotExist();
    }
  }

  private static boolean isGone(FerryClient client, String path) throws FerryException {
    try {
      client.getStatus(path);
      return false;
    } catch (FerryException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
      return true;
    }
  }

  private static void assertNotFound(FerryClient client, String path) throws FerryException {
    assertThat(isGone(client, path)).as("%s is gone", path).isTrue();
  }

  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (FerryException e) {
        if (e.code() != ErrorCode.UNAVAILABLE) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Waited " + WAIT.toSeconds() + " s for " + what);
      }
      Thread.sleep(100);
    }
  }
}
