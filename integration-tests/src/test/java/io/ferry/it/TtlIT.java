package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * `ferry fs setTtl` over a master and a worker as separate processes: when a
 * time to live ends the master frees or deletes what it was set on, on time,
 * and a time to live survives a master restart.
 */
class TtlIT {
  private static final long SIZE = 1L << 20;
  /** How long a time to live of 1 s may take to act: its end, then a check of the master (every 200 ms). */
  private static final Duration ACTS_WITHIN = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;
  private static FerryClient client;
  /** This test's directory, with a.bin, b.bin and sub/c.bin cached: each test has its own. */
  private String data;
  /** Where the under storage holds it. */
  private Path ufsDir;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1)
        .masterProperty(PropertyKey.MASTER_TTL_CHECK_INTERVAL, "200ms").start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    client = cluster.newClient();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    client.close();
    cluster.close();
  }

  @BeforeEach
  void cacheADirectory(TestInfo test) throws Exception {
    data = "/" + test.getTestMethod().orElseThrow().getName();
    ufsDir = cluster.rootUfs().resolve(data.substring(1));
    for (String name : new String[] {"a.bin", "b.bin", "sub/c.bin"}) {
      Files.createDirectories(ufsDir.resolve(name).getParent());
      TestFiles.writeRandom(ufsDir.resolve(name), SIZE, name.hashCode());
    }
    cli.ok("load", data);
  }

  @Test
  void statShowsATimeToLiveAndWhatItDoes() throws Exception {
    cli.ok("fs", "setTtl", data + "/a.bin", "1h", "--action", "delete");

    assertThat(cli.ok("fs", "stat", data + "/a.bin")).containsPattern("ttl: delete at \\d{4}-\\d\\d-\\d\\d");
  }

  @Test
  void aFreeTimeToLiveDropsTheCachedCopiesWhenItEndsAndKeepsTheFile() throws Exception {
    cli.ok("fs", "setTtl", data + "/a.bin", "1s");

    // The master frees, then removes the time to live: two steps, so the wait is for both.
    await(data + "/a.bin", s -> s.isPresent() && s.get().cachedBytes() == 0 && s.get().ttl().isEmpty());

    assertThat(cli.ok("fs", "stat", data + "/b.bin")).contains("cached: " + SIZE + " bytes (100.0%)");
    assertThat(Files.exists(ufsDir.resolve("a.bin"))).isTrue();
  }

  @Test
  void aDeleteTimeToLiveDeletesTheFileInTheUnderStorageToo() throws Exception {
    cli.ok("fs", "setTtl", data + "/a.bin", "1s", "--action", "delete");

    await(data + "/a.bin", Optional::isEmpty);

    assertThat(ufsDir.resolve("a.bin")).doesNotExist();
    assertThat(ufsDir.resolve("b.bin")).exists();
  }

  @Test
  void aDirectorysTimeToLiveDeletesEverythingBelowIt() throws Exception {
    cli.ok("fs", "setTtl", data, "1s", "--action", "delete");

    await(data, Optional::isEmpty);

    assertThat(ufsDir).doesNotExist();
  }

  @Test
  void unsetTtlRemovesATimeToLive() throws Exception {
    cli.ok("fs", "setTtl", data + "/a.bin", "1h", "--action", "delete");

    cli.ok("fs", "unsetTtl", data + "/a.bin");

    assertThat(cli.ok("fs", "stat", data + "/a.bin")).contains("ttl: none");
  }

  @Test
  void aTimeToLiveSurvivesAMasterRestart() throws Exception {
    cli.ok("fs", "setTtl", data + "/a.bin", "1h");

    cluster.killMaster();
    cluster.startMaster();

    assertThat(cli.ok("fs", "stat", data + "/a.bin")).containsPattern("ttl: free at \\d{4}-");
  }

  @Test
  void aFileLoadedFromAMountWithATtlOptionGetsItsOwnTimeToLive() throws Exception {
    Path ufs = Files.createDirectories(dir.resolve("ttl-mount"));
    TestFiles.writeRandom(ufs.resolve("x.bin"), SIZE, 7);
    cli.ok("fs", "mount", "-o", "ttl=1s", "-o", "ttl.action=delete", "/ttl-mount", ufs.toString());

    cli.ok("fs", "stat", "/ttl-mount/x.bin"); // loads it: its time to live starts
    await("/ttl-mount/x.bin", Optional::isEmpty);

    assertThat(ufs.resolve("x.bin")).doesNotExist();
  }

  @Test
  void aMountPointCannotBeGivenATimeToLiveThatDeletesIt() throws Exception {
    FerryCli.Result r = cli.run("fs", "setTtl", "/", "1h", "--action", "delete");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("/ is the root or a mount point, which is never deleted").doesNotContain("\tat ");
  }

  private Optional<PathStatus> status(String path) throws FerryException {
    try {
      return Optional.of(client.getStatus(path));
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Polls the status of {@code path} until {@code done} accepts it (empty: no such path). */
  private Optional<PathStatus> await(String path, Predicate<Optional<PathStatus>> done) throws Exception {
    long deadline = System.nanoTime() + ACTS_WITHIN.toNanos();
    Optional<PathStatus> s = status(path);
    while (!done.test(s)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The time to live of " + path + " did not act within " + ACTS_WITHIN + ": " + s);
      }
      Thread.sleep(100);
      s = status(path);
    }
    return s;
  }
}
