package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ferry.common.conf.PropertyKey;
import io.ferry.it.FerryCluster;
import io.ferry.it.PrometheusServer;
import io.ferry.it.WebPort;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a master, two workers and a FUSE mount, each a
 * process of its own, while a file is read twice through the mount; the
 * series it stores match what the reads did.
 */
class MetricsIT {
  private static final int FILE_BYTES = 3_000_000;
  /** libfuse 2 hands reads over in requests of at most 128 KiB. */
  private static final int FUSE_READS_PER_PASS = (FILE_BYTES + (128 << 10) - 1) / (128 << 10);
  private static final Duration SCRAPED = Duration.ofSeconds(30);

  private static MountedCluster fuse;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(PrometheusServer.installed(),
        "prometheus is not installed (apt-get install -y prometheus; bin/run-tests installs it)");
    byte[] data = new byte[FILE_BYTES];
    new Random(17).nextBytes(data);
    fuse = MountedCluster.builder("ferry-metrics-")
        .cluster(b -> b.workers(2))
        .beforeMount(c -> Files.write(Files.createDirectories(c.rootUfs().resolve("data")).resolve("train.bin"), data))
        // no kernel page cache: both passes reach Ferry
        .mount(m -> m.property(PropertyKey.FUSE_PAGE_CACHE.name(), "none"))
        .start();
    cluster = fuse.cluster();
    mount = fuse.mount();
    Map<String, List<Integer>> targets = new LinkedHashMap<>();
    targets.put("master", List.of(cluster.masterWebPort()));
    targets.put("worker", List.of(cluster.workerWebPort(0), cluster.workerWebPort(1)));
    targets.put("fuse", List.of(mount.webPort()));
    prometheus = PrometheusServer.start(Files.createDirectories(fuse.base().resolve("prometheus")), targets,
        cluster.logDir());

    Path file = mount.dir().resolve("data").resolve("train.bin");
    for (int pass = 0; pass < 2; pass++) {
      assertThat(Files.readAllBytes(file)).isEqualTo(data);
    }
    assertThat(Files.exists(mount.dir().resolve("data").resolve("missing.bin"))).isFalse();
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (fuse != null) {
      fuse.close();
    }
  }

  @Test
  void prometheusScrapesEveryProcess() throws Exception {
    assertThat(prometheus.await("sum(up)", v -> v == 4, SCRAPED)).isEqualTo(4);
  }

  @Test
  void bytesBySourceAddUpToTheBytesTheMountRead() throws Exception {
    assertThat(prometheus.await("sum(ferry_client_read_bytes_total{job=\"fuse\"})", v -> v == 2.0 * FILE_BYTES,
        SCRAPED)).isEqualTo(2.0 * FILE_BYTES);
  }

  @Test
  void theFirstReadMissesTheCacheWithTheFileBytes() throws Exception {
    assertThat(prometheus.await("sum(ferry_worker_cache_miss_bytes_total)", v -> v == FILE_BYTES, SCRAPED))
        .isEqualTo(FILE_BYTES);
    assertThat(prometheus.await("sum(ferry_worker_cache_misses_total)", v -> v == 1, SCRAPED)).isEqualTo(1);
  }

  @Test
  void theSecondReadHitsTheMemoryTier() throws Exception {
    assertThat(prometheus.await("sum(ferry_worker_cache_hit_bytes_total{tier=\"MEM\"})", v -> v >= FILE_BYTES,
        SCRAPED)).isGreaterThanOrEqualTo(FILE_BYTES);
  }

  @Test
  void theWorkersReadTheFileOnceFromTheUnderStorageOfItsMount() throws Exception {
    assertThat(prometheus.await("sum(ferry_ufs_bytes_total{job=\"worker\",direction=\"read\"})",
        v -> v == FILE_BYTES, SCRAPED)).isEqualTo(FILE_BYTES);
    assertThat(prometheus.await("sum(ferry_ufs_operations_total{job=\"worker\",operation=\"open\"})",
        v -> v >= 1, SCRAPED)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theMasterListedTheUnderStorageAndReportsItsMetastoreSize() throws Exception {
    assertThat(prometheus.await("sum(ferry_ufs_operations_total{job=\"master\",operation=\"list\"})",
        v -> v >= 1, SCRAPED)).isGreaterThanOrEqualTo(1);
    assertThat(prometheus.await("ferry_master_rocksdb_size_bytes", v -> v > 0, SCRAPED)).isPositive();
  }

  @Test
  void workersReportTheirMemoryTierCapacityAndTheCachedBytes() throws Exception {
    assertThat(prometheus.await("count(ferry_worker_tier_capacity_bytes{tier=\"MEM\"} > 0)", v -> v == 2, SCRAPED))
        .isEqualTo(2);
    assertThat(prometheus.await("sum(ferry_worker_tier_used_bytes)", v -> v == FILE_BYTES, SCRAPED))
        .isEqualTo(FILE_BYTES);
  }

  @Test
  void fuseCountsAndTimesEveryReadRequest() throws Exception {
    double reads = prometheus.await("sum(ferry_fuse_operations_total{operation=\"read\"})",
        v -> v >= 2 * FUSE_READS_PER_PASS, SCRAPED);
    assertThat(prometheus.await("sum(ferry_fuse_operation_duration_seconds_count{operation=\"read\"})",
        v -> v == reads, SCRAPED)).isEqualTo(reads);
  }

  @Test
  void fuseCountsALookupOfAMissingFileAsENOENT() throws Exception {
    assertThat(prometheus.await("sum(ferry_fuse_errors_total{operation=\"getattr\",errno=\"2\"})", v -> v >= 1,
        SCRAPED)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void masterAndWorkersCountTheirRpcsPerMethod() throws Exception {
    assertThat(prometheus.await("sum(ferry_rpc_requests_total{job=\"master\",method=\"GetStatus\"})", v -> v > 0,
        SCRAPED)).isPositive();
    assertThat(prometheus.await("sum(ferry_rpc_requests_total{job=\"worker\"})", v -> v > 0, SCRAPED))
        .isPositive();
    assertThat(prometheus.await("sum(ferry_master_workers{state=\"live\"})", v -> v == 2, SCRAPED)).isEqualTo(2);
  }

  @Test
  void everyQueryOfTheGrafanaDashboardIsValidPromQl() throws Exception {
    JsonObject dashboard = JsonParser.parseString(Files.readString(Path.of("..", "conf", "grafana",
        "ferry-dashboard.json"))).getAsJsonObject();
    int queries = 0;
    for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
      JsonArray targets = panel.getAsJsonObject().getAsJsonArray("targets");
      for (JsonElement target : targets == null ? new JsonArray() : targets) {
        prometheus.query(target.getAsJsonObject().get("expr").getAsString()); // fails on a query Prometheus refuses
        queries++;
      }
    }
    assertThat(queries).isGreaterThan(30);
    // a rate needs two scrapes of the counters: wait for a value rather than assume it is there (NaN,
    // 0/0, while no block is read)
    prometheus.await("sum(rate(ferry_worker_cache_hits_total[5m])) / (sum(rate("
        + "ferry_worker_cache_hits_total[5m])) + sum(rate(ferry_worker_cache_misses_total[5m])))",
        v -> true, SCRAPED);
  }

  @Test
  void everyProcessIsReady() throws Exception {
    for (int port : List.of(cluster.masterWebPort(), cluster.workerWebPort(0), cluster.workerWebPort(1),
        mount.webPort())) {
      HttpResponse<String> ready = WebPort.get(port, "/readyz");
      assertThat(ready.statusCode()).as("/readyz on %d: %s", port, ready.body()).isEqualTo(200);
    }
  }
}
