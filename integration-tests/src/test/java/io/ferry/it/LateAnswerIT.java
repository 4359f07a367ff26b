package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mutation that outlasts the client's RPC deadline (issue 14, point 1):
 * the client sends it again with its request id, the master has the retry
 * wait for the first attempt (answering "still in progress" before the
 * retry's deadline), and the retry gets the first attempt's answer. One
 * master; the client's deadline is 1 s.
 */
class LateAnswerIT {
  private static final int DIRS = 10;
  private static final int FILES_PER_DIR = 1000;
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(1);

  @TempDir static Path dir;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  /** 10,000 one-byte files in the root under storage, listed once so the namespace holds them all. */
  private static Path tenThousandFiles(FerryClient client, String name) throws Exception {
    Path tree = cluster.rootUfs().resolve(name);
    for (int d = 0; d < DIRS; d++) {
      Path sub = Files.createDirectories(tree.resolve("d" + d));
      for (int f = 0; f < FILES_PER_DIR; f++) {
        Files.writeString(sub.resolve("f" + f), "x");
      }
      assertThat(client.listStatus("/" + name + "/d" + d)).hasSize(FILES_PER_DIR);
    }
    return tree;
  }

  @Test
  void aRecursiveDeleteOfTenThousandFilesLongerThanTheRpcDeadlineCompletesAndExitsZero() throws Exception {
    FerryCli cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"))
        .withProperty(PropertyKey.USER_RPC_TIMEOUT.name(), RPC_TIMEOUT.toMillis() + "ms")
        .withProperty(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT.name(), "300s"); // see the batch create below
    try (FerryClient client = cluster.newClient()) {
      Path tree = tenThousandFiles(client, "big");

      FerryCli.Result r = cli.run("fs", "rm", "-R", "/big");

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stderr()).isEmpty();
      assertThatThrownBy(() -> client.getStatus("/big")).isInstanceOf(FerryException.class)
          .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
      assertThat(tree).doesNotExist();
    }
  }

  /** Created once, though its first answer came too late: the retry gets the count, not "already exists". */
  @Test
  void aBatchCreateLongerThanTheRpcDeadlineIsAppliedOnceAndAnswersItsCount() throws Exception {
    List<String> names = IntStream.range(0, 100_000).mapToObj(i -> "f" + i).toList();
    // retried for as long as the batch takes: over the default 30 s on a 2-core machine loaded 20 times over
    FerryConfiguration conf = cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_RPC_TIMEOUT, RPC_TIMEOUT.toMillis() + "ms")
        .set(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT, "300s").build();
    try (FerryClient impatient = FerryClient.create(conf); FerryClient client = cluster.newClient()) {
      client.createDirectory("/batch", false);

      long start = System.nanoTime();
      int created = impatient.createEmptyFiles("/batch", names);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).as("the call outlasted the deadline").isGreaterThan(RPC_TIMEOUT);
      assertThat(created).isEqualTo(names.size());
      assertThat(client.listStatus("/batch")).hasSize(names.size());
    }
  }
}
