package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerEndpoint;
import io.ferry.client.WriteType;
import io.ferry.common.conf.PropertyKey;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline recovery of a write-back across real processes (a master, three
 * workers, a local under storage): one of the two durable workers of an
 * ASYNC_THROUGH write is killed -9 half-way through it; the write goes on
 * with the other one, is acknowledged, reads back and lands in the under
 * storage byte for byte.
 */
class WriteBackRecoveryIT {
  private static final Duration PERSISTED_WITHIN = Duration.ofMinutes(2);
  private static final int HALF = 8 << 20;

  @TempDir
  static Path base;
  private static FerryCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = FerryCluster.builder(base.resolve("cluster")).workers(3)
        .masterProperty(PropertyKey.MASTER_PERSIST_CHECK_INTERVAL, "200ms")
        .start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aWriteWhoseDurableWorkerIsKilledHalfWayGoesOnWithTheOtherAndLandsInTheUnderStorage() throws Exception {
    byte[] bytes = new byte[2 * HALF];
    new Random(11).nextBytes(bytes);
    try (FerryClient client = cluster.newClient()) {
      try (FerryOutputStream out = client.createFile("/recovery/f",
          CreateOptions.DEFAULT.withWriteType(WriteType.ASYNC_THROUGH).withRecursive(true))) {
        assertThat(out.workers()).hasSize(2);
        out.write(bytes, 0, HALF);
        out.sync();
        cluster.killWorker(indexOf(out.workers().get(1)));
        out.write(bytes, HALF, HALF);
      }

      await(client, f -> f.cachedBytes() == bytes.length, "cached on the surviving worker"); // its next heartbeat
      try (InputStream in = client.openFile("/recovery/f")) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      await(client, PathStatus::persisted, "persisted");
    }
    assertThat(cluster.rootUfs().resolve("recovery/f")).hasBinaryContent(bytes);
  }

  private static void await(FerryClient client, Predicate<PathStatus> done, String what) throws Exception {
    long deadline = System.nanoTime() + PERSISTED_WITHIN.toNanos();
    while (!done.test(client.getStatus("/recovery/f"))) {
      assertThat(System.nanoTime()).as(what + " within " + PERSISTED_WITHIN).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static int indexOf(WorkerEndpoint worker) {
    for (int i = 0; i < 3; i++) {
      if (cluster.workerPort(i) == worker.rpcPort()) {
        return i;
      }
    }
    throw new AssertionError("no worker of the cluster serves on " + worker.hostPort());
  }
}
