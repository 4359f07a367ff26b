package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `ferry bench hadoop` reads the same bytes through ferry:// and Hadoop's LocalFileSystem. */
class HadoopBenchIT {
  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void jsonReportsFerryAndLocalThroughputOfTheSameBytes() throws Exception {
    for (int i = 0; i < 3; i++) {
      TestFiles.writeRandom(cluster.rootUfs().resolve("data/f" + i), 3 << 20, i);
    }

    String json = cli.ok("bench", "hadoop", "--path", "/data", "--json", "--rounds", "1");

    assertThat(json).contains("\"files\":3", "\"bytes\":" + 3 * (3 << 20), "\"ferry_mbps\":", "\"local_mbps\":");
  }

  @Test
  void aPathOutsideLocalDirectoriesIsRefusedNamingIt() throws Exception {
    S3TestBuckets.create("ferry-bench-hadoop");
    try (FerryClient client = cluster.newClient()) {
      client.mount("/s3", "s3://ferry-bench-hadoop/", TestServers.s3().mountOptions(), false);
    }
    Path source = dir.resolve("source.bin");
    TestFiles.writeRandom(source, 1 << 20, 7);
    cli.ok("fs", "put", "--overwrite", source.toString(), "/s3/f0"); // the bucket outlives a run

    FerryCli.Result r = cli.run("bench", "hadoop", "--path", "/s3", "--json", "--rounds", "1");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).startsWith("ferry: ").contains("LocalFileSystem", "/s3/f0", "s3://")
        .doesNotContain("\n");
  }
}
