package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.PropertyKey;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and a worker started with ferry.metrics.enabled=false, each in its
 * own process: they serve reads and answer their health probes, while /metrics
 * says metrics are off. The counters the workers' heartbeats carry (what
 * `ferry report` shows) are not metrics of the switch: they still count.
 */
class MetricsOffIT {
  @TempDir static Path dir;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.METRICS_ENABLED, false)
        .workerProperty(PropertyKey.METRICS_ENABLED, false)
        .clientProperty(PropertyKey.METRICS_ENABLED, false)
        .start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void aFileIsReadFromTheUnderStorageAndThenFromTheCache() throws Exception {
    byte[] data = TestFiles.randomBytes(3 << 20, 1);
    Files.createDirectories(cluster.rootUfs().resolve("off"));
    Files.write(cluster.rootUfs().resolve("off/data.bin"), data);

    try (FerryClient client = cluster.newClient()) {
      long hitsBefore = CacheHits.now(client);
      assertThat(readAll(client, "/off/data.bin")).isEqualTo(data);
      assertThat(readAll(client, "/off/data.bin")).isEqualTo(data);

      assertThat(CacheHits.awaitMoreThan(client, hitsBefore)).isGreaterThan(hitsBefore);
    }
  }

  @Test
  void healthAndReadinessAnswerOnMasterAndWorker() throws Exception {
    for (int port : new int[] {cluster.masterWebPort(), cluster.workerWebPort(0)}) {
      assertThat(WebPort.get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(WebPort.get(port, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsSayTheyAreOffOnMasterAndWorker() throws Exception {
    for (int port : new int[] {cluster.masterWebPort(), cluster.workerWebPort(0)}) {
      HttpResponse<String> metrics = WebPort.get(port, "/metrics");

      assertThat(metrics.statusCode()).isEqualTo(404);
      assertThat(metrics.body()).contains("metrics are off").contains("ferry.metrics.enabled=false");
    }
  }

  private static byte[] readAll(FerryClient client, String path) throws Exception {
    try (InputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }
}
