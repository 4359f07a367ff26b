package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.WorkerStatus;
import io.ferry.client.WriteType;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ASYNC_THROUGH across real processes (a master, two workers, a local under
 * storage): a write is acknowledged before its file is in the under storage,
 * then a persist job puts it there, under the name it has then, also after a
 * restart of the master; a file deleted first never gets there; a persisted
 * file stays cached. `ferry fs
 * persist` does the same for cache-only files. Each persist
 * job waits a few seconds after the completion (ferry.master.persist.initial.wait),
 * the window in which the tests rename, delete or restart.
 */
class WriteBackIT {
  private static final Duration PERSISTED_WITHIN = Duration.ofMinutes(2);
  private static final CreateOptions ASYNC_THROUGH = CreateOptions.DEFAULT.withWriteType(WriteType.ASYNC_THROUGH);

  @TempDir
  static Path base;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void start() throws Exception {
    cluster = FerryCluster.builder(base.resolve("cluster")).workers(2)
        .masterProperty(PropertyKey.MASTER_PERSIST_INITIAL_WAIT, "4s")
        .masterProperty(PropertyKey.MASTER_PERSIST_CHECK_INTERVAL, "200ms")
        .start();
    cli = new FerryCli(cluster.masterPort(), base.resolve("cli"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static byte[] write(FerryClient client, String path, int length, int seed) throws IOException {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    try (OutputStream out = client.createFile(path, ASYNC_THROUGH.withRecursive(true))) {
      out.write(bytes);
    }
    return bytes;
  }

  private static void awaitPersisted(FerryClient client, String path) throws Exception {
    long deadline = System.nanoTime() + PERSISTED_WITHIN.toNanos();
    while (!client.getStatus(path).persisted()) {
      assertThat(System.nanoTime()).as(path + " persisted within " + PERSISTED_WITHIN).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void aWriteIsAcknowledgedBeforeItsFileIsInTheUnderStorageThenLandsThereByteForByte() throws Exception {
    try (FerryClient client = cluster.newClient()) {
      byte[] bytes = write(client, "/plain/f", 3 << 20, 1);

      assertThat(client.getStatus("/plain/f").persisted()).isFalse();
      assertThat(cluster.rootUfs().resolve("plain/f")).doesNotExist();
      awaitPersisted(client, "/plain/f");
      assertThat(cluster.rootUfs().resolve("plain/f")).hasBinaryContent(bytes);
    }
  }

  @Test
  void aPersistedFileStaysCachedAndIsReadWithoutTheUnderStorage() throws Exception {
    try (FerryClient client = cluster.newClient()) {
      byte[] bytes = write(client, "/kept/f", 3 << 20, 7);
      awaitPersisted(client, "/kept/f");
      Thread.sleep(2_000); // ten heartbeats: the workers relabelled their copies as the persisted version
      long before = ufsBytesRead(client);

      assertThat(client.getStatus("/kept/f").cachedBytes()).isEqualTo(bytes.length);
      try (InputStream in = client.openFile("/kept/f")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      Thread.sleep(2_000); // ten heartbeats: the workers reported any fetch from the under storage
      assertThat(ufsBytesRead(client)).isEqualTo(before);
    }
  }

  private static long ufsBytesRead(FerryClient client) throws Exception {
    return ClusterReports.await(client, r -> true).liveWorkers().stream().map(WorkerStatus::counters)
        .mapToLong(WorkerStatus.Counters::ufsBytesRead).sum();
  }

  @Test
  void aCheckpointWrittenUnderATemporaryNameLandsUnderTheNameItIsRenamedTo() throws Exception {
    try (FerryClient client = cluster.newClient()) {
      byte[] bytes = write(client, "/ckpt/step-1.tmp", 2 << 20, 2);
      client.rename("/ckpt/step-1.tmp", "/ckpt/step-1");

      awaitPersisted(client, "/ckpt/step-1");

      assertThat(cluster.rootUfs().resolve("ckpt/step-1")).hasBinaryContent(bytes);
      assertThat(cluster.rootUfs().resolve("ckpt/step-1.tmp")).doesNotExist();
    }
  }

  @Test
  void aFileDeletedBeforeItsPersistJobNeverAppearsInTheUnderStorage() throws Exception {
    try (FerryClient client = cluster.newClient()) {
      write(client, "/gone/f", 1 << 20, 3);
      client.delete("/gone/f", false);
      // a sibling written after it is persisted after it: once it is there, the deleted file's job would have run
      write(client, "/gone/sibling", 1, 4);

      awaitPersisted(client, "/gone/sibling");

      assertThat(cluster.rootUfs().resolve("gone/f")).doesNotExist();
    }
  }

  @Test
  void ferryFsPersistWritesTheCacheOnlyFilesBelowADirectoryToTheUnderStorageAndWaitsForThem() throws Exception {
    byte[] bytes = new byte[1 << 20];
    new Random(5).nextBytes(bytes);
    try (FerryClient client = cluster.newClient();
        OutputStream out = client.createFile("/wait/a",
            CreateOptions.DEFAULT.withWriteType(WriteType.MUST_CACHE).withRecursive(true))) {
      out.write(bytes);
    }

    String output = cli.ok("fs", "persist", "/wait");

    assertThat(output).contains("Persisted /wait: 1 file written");
    assertThat(cluster.rootUfs().resolve("wait/a")).hasBinaryContent(bytes);
    assertThat(cli.ok("fs", "stat", "/wait/a")).contains("persisted: true");
  }

  @Test
  void aPersistPendingWhenTheMasterIsKilledIsResumedByTheRestartedMaster() throws Exception {
    byte[] bytes;
    try (FerryClient client = cluster.newClient()) {
      bytes = write(client, "/restart/f", 2 << 20, 6);
      cluster.killMaster();
      assertThat(cluster.rootUfs().resolve("restart/f")).doesNotExist();
      cluster.startMaster();

      awaitPersisted(client, "/restart/f");
    }
    assertThat(cluster.rootUfs().resolve("restart/f")).hasBinaryContent(bytes);
  }
}
