package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.common.Secrets;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.azure.AzureTestContainers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One Ferry cluster (separate processes) over a local directory, an S3 bucket
 * (S3Proxy), an Azure container (Azurite) and an HDFS path (MiniDFSCluster),
 * all mounted at once.
 */
class MultiStoreIT {
  private static final String BUCKET = "ferry-multistore";
  private static final String CONTAINER = "ferry-multistore";
  private static final int SIZE = 3 << 20;

  @TempDir static Path dir;
  private static MiniDFSCluster hdfs;
  private static FerryCluster cluster;
  private static FerryCli cli;
  /** Ferry mount point -> [UFS URI of the mount, its options]. */
  private static final Map<String, Map.Entry<String, Map<String, String>>> MOUNTS = new LinkedHashMap<>();

  @BeforeAll
  static void startEverything() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    S3TestBuckets.create(BUCKET);
    AzureTestContainers.create(CONTAINER);

    Path localUfs = Files.createDirectories(dir.resolve("local-ufs"));
    MOUNTS.put("/local", Map.entry(localUfs.toUri().toString(), Map.of()));
    MOUNTS.put("/s3", Map.entry("s3://" + BUCKET + "/data", TestServers.s3().mountOptions()));
    MOUNTS.put("/azure", Map.entry("wasb://" + CONTAINER + "@" + TestServers.azurite().account() + "/data",
        TestServers.azurite().mountOptions()));
    MOUNTS.put("/hdfs", Map.entry("hdfs://127.0.0.1:" + hdfs.getNameNodePort() + "/data", Map.of()));
    for (Map.Entry<String, Map.Entry<String, Map<String, String>>> m : MOUNTS.entrySet()) {
      try (Ufs ufs = new Ufs(m.getValue().getKey(), m.getValue().getValue())) {
        ufs.write(m.getValue().getKey() + "/train/sample.bin", content(m.getKey()));
      }
    }

    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    for (Map.Entry<String, Map.Entry<String, Map<String, String>>> m : MOUNTS.entrySet()) {
      cli.ok(mountArgs(m.getKey(), m.getValue().getKey(), m.getValue().getValue()));
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (hdfs != null) {
      hdfs.shutdown(true);
    }
  }

  private static String[] mountArgs(String ferryPath, String uri, Map<String, String> options) {
    List<String> args = new java.util.ArrayList<>(List.of("fs", "mount"));
    options.forEach((k, v) -> args.addAll(List.of("--option", k + "=" + v)));
    args.add(ferryPath);
    args.add(uri);
    return args.toArray(String[]::new);
  }

  /** Different bytes per store, so a mix-up would show. */
  private static byte[] content(String mountPoint) {
    return TestFiles.randomBytes(SIZE, mountPoint.hashCode());
  }

  @Test
  void recursiveListingOfTheRootShowsAllFourStores() throws Exception {
    String listing = cli.ok("fs", "ls", "-R", "/");
    for (String mountPoint : MOUNTS.keySet()) {
      assertThat(listing).contains(mountPoint + "/train/sample.bin");
    }
  }

  @Test
  void theMountTableShowsCredentialsMasked() throws Exception {
    String mounts = cli.ok("fs", "mounts");

    assertThat(mounts).contains("s3.secret-key=" + Secrets.MASK, "azure.key=" + Secrets.MASK)
        .doesNotContain(TestServers.s3().mountOptions().get("s3.secret-key"))
        .doesNotContain(TestServers.azurite().key());
  }

  @Test
  void anOptionOfAnotherStoreIsRefusedAtMountTime() throws Exception {
    FerryCli.Result result = cli.run(mountArgs("/local-with-s3", MOUNTS.get("/local").getKey(),
        Map.of("s3.endpoint", "http://127.0.0.1:9")));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("option s3.endpoint does not apply to file:// mounts");
    assertThat(cli.ok("fs", "mounts")).doesNotContain("/local-with-s3");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/local", "/s3", "/azure", "/hdfs"})
  void aFileIsReadByteIdenticalAndItsSecondReadIsACacheHit(String mountPoint) throws Exception {
    String path = mountPoint + "/train/sample.bin";
    try (FerryClient client = cluster.newClient()) {
      assertThat(readAll(client, path)).isEqualTo(content(mountPoint));
      long hitsBefore = CacheHits.now(client);

      assertThat(readAll(client, path)).isEqualTo(content(mountPoint));

      assertThat(CacheHits.awaitMoreThan(client, hitsBefore)).isGreaterThan(hitsBefore);
    }
  }

  private static byte[] readAll(FerryClient client, String path) throws Exception {
    try (InputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }
}
