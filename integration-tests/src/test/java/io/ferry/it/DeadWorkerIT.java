package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered worker whose address no longer answers: a read that needs it
 * fails with a clear error, in bounded time. (Over gRPC: a short-circuit
 * reader on the same host still finds the dead worker's block files, named by
 * their fingerprint, and reads them without an error.)
 */
class DeadWorkerIT {
  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  @BeforeEach
  void startCluster() throws Exception {
    // the master must still list the killed worker when the CLI reads (a CLI JVM can take seconds to start
    // on a loaded machine): it is never declared lost during the test
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.MASTER_WORKER_TIMEOUT, "10m").start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void readWithTheOnlyWorkerDeadNamesTheWorkerAndThePath() throws Exception {
    Files.writeString(cluster.rootUfs().resolve("f.txt"), "hello\n");
    assertThat(cli.run("fs", "cat", "/f.txt").stdout()).isEqualTo("hello\n");

    cluster.killWorker(0);
    FerryCli.Result r = cli.withProperty("ferry.user.short.circuit.enabled", "false").run("fs", "cat", "/f.txt");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).startsWith("ferry: ").doesNotContain("\n").contains("/f.txt")
        .contains("localhost:" + cluster.workerPort(0));
  }
}
