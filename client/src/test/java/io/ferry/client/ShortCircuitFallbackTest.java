package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refused or failed short-circuit read streams the block from the same worker (issue 14, point 3). */
class ShortCircuitFallbackTest {
  private static final int BLOCK = 256 * 1024;
  @TempDir
  Path blockDir;
  private FakeCluster cluster;

  @BeforeEach
  void start() throws IOException {
    cluster = new FakeCluster(2, blockDir);
  }

  @AfterEach
  void stop() throws InterruptedException {
    cluster.close();
  }

  private byte[] readAll(String path) throws IOException {
    try (FerryClient client = FerryClient.create(cluster.conf(true));
        FerryInputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aBlockTheWorkerCannotKeepInItsCacheIsStreamedFromTheSameWorker() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK + 3, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    worker.refuseOpenLocal = Status.UNAVAILABLE.withDescription("Block 1 cannot be kept in this worker's cache");

    assertThat(readAll("/a")).isEqualTo(data);

    assertThat(worker.readBlockCalls.get()).isEqualTo(3);
    assertThat(cluster.workers.get(0).readBlockCalls.get()).isZero();
  }

  @Test
  void aBlockFileThisUserCannotOpenIsStreamedFromTheSameWorker() throws IOException {
    byte[] data = cluster.addFile("/a", BLOCK + 3, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    worker.openLocalNamesUnreadableFile = true;

    assertThat(readAll("/a")).isEqualTo(data);

    assertThat(worker.readBlockCalls.get()).isEqualTo(2);
    assertThat(cluster.workers.get(0).readBlockCalls.get()).isZero();
  }

  @Test
  void afterOneFailedShortCircuitTheStreamStopsTryingItOnThatWorker() throws IOException {
    cluster.addFile("/a", 3 * BLOCK, BLOCK, cluster.addresses.get(1));
    FakeWorker worker = cluster.workers.get(1);
    worker.openLocalNamesUnreadableFile = true;

    readAll("/a");

    assertThat(worker.openLocalCalls.get()).isEqualTo(1);
  }

  @Test
  void aWorkerWhoseShortCircuitAndStreamBothFailIsLeftForAnother() throws IOException {
    byte[] data = cluster.addFile("/a", 2 * BLOCK, BLOCK, cluster.addresses.get(0), cluster.addresses.get(1));
    FakeWorker failing = cluster.workers.get(0);
    failing.refuseOpenLocal = Status.INTERNAL.withDescription("disk gone");
    failing.failReadsAfter = 0;
    cluster.workers.get(1).refuseOpenLocal = Status.INTERNAL.withDescription("disk gone");

    assertThat(readAll("/a")).isEqualTo(data);

    assertThat(cluster.workers.get(1).readBlockCalls.get()).isEqualTo(2);
  }
}
