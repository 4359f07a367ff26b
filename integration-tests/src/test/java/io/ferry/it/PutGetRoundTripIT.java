package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes written with `ferry fs put` come back identical from `ferry fs get` and sit in the UFS. */
class PutGetRoundTripIT {
  private static final long SIZE = 200L << 20;

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
  void putThenGetOf200MiBFileIsByteIdenticalAndPersistedInUfs() throws Exception {
    Path source = dir.resolve("source.bin");
    TestFiles.writeRandom(source, SIZE, 200);
    Path copy = dir.resolve("copy.bin");

    cli.ok("fs", "mkdir", "/datasets");
    cli.ok("fs", "put", source.toString(), "/datasets/big.bin");
    cli.ok("fs", "get", "/datasets/big.bin", copy.toString());

    String expected = TestFiles.sha256(source);
    assertThat(TestFiles.sha256(copy)).isEqualTo(expected);
    assertThat(TestFiles.sha256(cluster.rootUfs().resolve("datasets/big.bin"))).isEqualTo(expected);
  }
}
