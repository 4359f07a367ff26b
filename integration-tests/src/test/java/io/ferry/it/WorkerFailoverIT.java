package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A worker killed mid-read: the reader goes on from another worker and sees no error. */
class WorkerFailoverIT {
  private static final int SIZE = 48 << 20;

  @TempDir Path dir;
  private FerryCluster cluster;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(2)
        .masterProperty(PropertyKey.USER_BLOCK_SIZE, "4MB")
        .start();
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  @ParameterizedTest(name = "short-circuit {0}")
  @ValueSource(booleans = {true, false})
  void readerContinuesWhenTheServingWorkerIsKilledMidRead(boolean shortCircuit) throws Exception {
    byte[] data = TestFiles.randomBytes(SIZE, 7);
    Files.createDirectories(cluster.rootUfs().resolve("ds"));
    Files.write(cluster.rootUfs().resolve("ds/file.bin"), data);
    FerryConfiguration conf = cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_SHORT_CIRCUIT_ENABLED, shortCircuit)
        .build();

    ByteArrayOutputStream read = new ByteArrayOutputStream();
    try (FerryClient client = FerryClient.create(conf);
         FerryInputStream in = client.openFile("/ds/file.bin")) {
      byte[] buf = new byte[1 << 20];
      for (int i = 0; i < 10; i++) {
        int n = in.read(buf);
        read.write(buf, 0, n);
      }
      cluster.killWorker(BlockHolders.workerHolding(cluster, client, "/ds/file.bin", in.getPos() - 1));
      for (int n; (n = in.read(buf)) > 0; ) {
        read.write(buf, 0, n);
      }
    }
    assertThat(read.toByteArray()).isEqualTo(data);
  }
}
