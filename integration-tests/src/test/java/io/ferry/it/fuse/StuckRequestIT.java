package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.WriteType;
import io.ferry.common.conf.PropertyKey;
import io.ferry.it.FerryCluster;
import io.ferry.it.TcpProxy;
import io.ferry.it.WebPort;
import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An S3 under storage that stops answering (a proxy in front of a real S3
 * server falls silent) under a FUSE read, each daemon a process of its own:
 * within the slow request threshold the mount's log names the read, its path,
 * the worker and the under storage, and its metrics count it while it hangs.
 */
class StuckRequestIT {
  private static final Duration THRESHOLD = Duration.ofSeconds(2);
  /** The threshold, the watchdog's period and a loaded 2-core machine's delays. */
  private static final Duration LOGGED_WITHIN = THRESHOLD.plusSeconds(8);
  private static final String BUCKET = "ferry-stuck";
  private static final String FILE = "/s3/train.bin";

  private Path base;
  private TcpProxy proxy;
  private FerryCluster cluster;
  private FuseMountProcess mount;

  @BeforeEach
  void start() throws Exception {
    base = FuseTestDirs.create(Path.of("/tmp"), "ferry-stuck-");
    S3TestBuckets.create(BUCKET);
    String s3 = TestServers.s3().endpoint();
    proxy = TcpProxy.forEndpoint(s3);
    cluster = FerryCluster.builder(base).workers(1).start();
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put("s3.endpoint", proxy.endpointFor(s3));
    try (FerryClient client = cluster.newClient()) {
      client.mount("/s3", "s3://" + BUCKET + "/", options, false);
      // written to S3 only: the read below must fetch it
      try (FerryOutputStream out = client.createFile(FILE,
          CreateOptions.DEFAULT.withOverwrite(true).withWriteType(WriteType.THROUGH))) {
        out.write(new byte[1 << 20]);
      }
    }
    mount = new FuseMountProcess(cluster, base.resolve("mnt"))
        .property(PropertyKey.FUSE_SLOW_REQUEST_THRESHOLD.name(), THRESHOLD.toMillis() + "ms")
        .property(PropertyKey.FUSE_PAGE_CACHE.name(), "none")
        .start();
    assertThat(Files.size(file())).isEqualTo(1 << 20);
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close(); // the hung read fails now
    }
    if (mount != null) {
      mount.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    FuseTestDirs.delete(base);
  }

  private Path file() {
    return mount.dir().resolve(FILE.substring(1));
  }

  @Test
  void aFuseReadStuckOnASilentUnderStorageIsLoggedWithItsPathWorkerAndUnderStorage() throws Exception {
    proxy.silence();
    CompletableFuture<byte[]> read = readInBackground();

    String line = awaitLogLine("Slow request: read " + FILE);

    assertThat(line).contains("worker localhost:" + cluster.workerPort(0))
        .contains("under storage s3://" + BUCKET + "/train.bin");
    assertThat(read).isNotDone();
  }

  @Test
  void aStuckFuseReadIsCountedAndShownInFlight() throws Exception {
    proxy.silence();
    CompletableFuture<byte[]> read = readInBackground();
    awaitLogLine("Slow request: read " + FILE);

    String metrics = scrape();

    assertThat(metrics).contains("ferry_fuse_slow_requests_total{operation=\"read\"} 1.0")
        .containsPattern("ferry_fuse_requests_in_flight [1-9]")
        .containsPattern("ferry_fuse_oldest_request_age_seconds [2-9]");
    assertThat(read).isNotDone();
  }

  private CompletableFuture<byte[]> readInBackground() {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readAllBytes(file());
      } catch (IOException e) {
        return null; // failed once the proxy closed
      }
    });
  }

  /** The first line of the mount's log that contains {@code text}, once it shows (at most {@link #LOGGED_WITHIN}). */
  private String awaitLogLine(String text) throws Exception {
    long deadline = System.nanoTime() + LOGGED_WITHIN.toNanos();
    while (true) {
      Optional<String> line = mount.log().lines().filter(l -> l.contains(text)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No log line with '" + text + "' within " + LOGGED_WITHIN + "; log:\n" + mount.log());
      }
      Thread.sleep(100);
    }
  }

  private String scrape() throws Exception {
    return WebPort.metrics(mount.webPort());
  }
}
