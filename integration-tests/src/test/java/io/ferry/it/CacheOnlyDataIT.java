package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data that exists only in the cache (MUST_CACHE) is never evicted: a write
 * that does not fit beside it is refused, and it still reads back whole.
 * One worker with an 8 MiB MEM tier and no SSD tier.
 */
class CacheOnlyDataIT {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  private void start(String evictionPolicy) throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.USER_BLOCK_SIZE, MIB)
        .workerProperty(PropertyKey.WORKER_MEM_CAPACITY, 8 * MIB)
        .workerProperty(PropertyKey.WORKER_EVICTION_POLICY, evictionPolicy)
        .start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** LRU evicted the oldest blocks, A's, for B's; W-TinyLFU happened to refuse B's here (issue 14: not always). */
  @ParameterizedTest
  @ValueSource(strings = {"LRU", "W-TinyLFU"})
  void aMustCacheWriteThatDoesNotFitIsRefusedAndEvictsNoCacheOnlyData(String evictionPolicy) throws Exception {
    start(evictionPolicy);
    Path a = dir.resolve("a.bin");
    Path b = dir.resolve("b.bin");
    TestFiles.writeRandom(a, 5 * MIB, 1);
    TestFiles.writeRandom(b, 5 * MIB, 2);
    cli.ok("fs", "put", "--write-type", "MUST_CACHE", a.toString(), "/a.bin");

    FerryCli.Result refused = cli.run("fs", "put", "--write-type", "MUST_CACHE", b.toString(), "/b.bin");

    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(1);
    assertThat(refused.stderr()).contains("no room").contains("MUST_CACHE").doesNotContain("\tat ");
    Path back = dir.resolve("a.back");
    cli.ok("fs", "get", "/a.bin", back.toString());
    assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(a));
  }

  @Test
  void aMustCacheFileStaysReadableWhilePersistedFilesStreamThroughTheFullCache() throws Exception {
    start("LRU");
    Path a = dir.resolve("a.bin");
    TestFiles.writeRandom(a, 5 * MIB, 1);
    cli.ok("fs", "put", "--write-type", "MUST_CACHE", a.toString(), "/a.bin");
    // blocks the worker cannot keep are streamed to the reader (short-circuit falls back to ReadBlock)
    for (int i = 0; i < 3; i++) {
      TestFiles.writeRandom(cluster.rootUfs().resolve("p" + i + ".bin"), 3 * MIB, 10 + i);
      Path copy = dir.resolve("p" + i + ".back");
      cli.ok("fs", "get", "/p" + i + ".bin", copy.toString());
      assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(cluster.rootUfs().resolve("p" + i + ".bin")));
    }

    Path back = dir.resolve("a.back");
    cli.ok("fs", "get", "/a.bin", back.toString());

    assertThat(TestFiles.sha256(back)).isEqualTo(TestFiles.sha256(a));
  }
}
