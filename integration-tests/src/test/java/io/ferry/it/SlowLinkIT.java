package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.cli.bench.hosts.DelayingRelay;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow link between readers and a worker, on simulated hosts: worker 0
 * (host 2) advertises the name of host 5, where a {@link DelayingRelay} adds
 * 100 ms each way (200 ms round trip) in front of it, to its RPC port and
 * to its block transport (two relays); worker 1 (host 3) is
 * reached directly. Files are written from host 5, so through worker 0 (the
 * writer's local worker by name) and cached there only. A reader on host 4
 * gets the right bytes over the slow link, and when the relay stalls
 * mid-stream it goes on from worker 1 (reading through from the under
 * storage) after its stall timeout.
 */
class SlowLinkIT {
  private static final int WORKERS = 2;
  private static final int READER = MultiHostCluster.workerHost(WORKERS);
  private static final int RELAY = READER + 1;
  /**
   * Long enough for worker 1's first chunk, which waits for its fetch from
   * the under storage (2 s was too short at a load average of 44), and far
   * below gRPC's keepalive (50 s), which is what a read would wait without it.
   */
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);
  private static final int SIZE = 24 << 20;
  private static final int WORKER_PORT = Integer.parseInt(PropertyKey.WORKER_RPC_PORT.defaultValue());
  /** Worker 0's block transport: a fixed port, for the relay to listen on. */
  private static final int DATA_PORT = WORKER_PORT - 2;
  private static final Map<PropertyKey, String> CLIENT = Map.of(PropertyKey.USER_BLOCK_SIZE, "1MB",
      PropertyKey.USER_READ_STALL_TIMEOUT, STALL_TIMEOUT.toMillis() + "ms");

  @TempDir static Path dir;
  private static SimulatedHosts hosts;
  private static MultiHostCluster cluster;
  private static final List<RelayProcess> relays = new ArrayList<>();
  private static final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeAll
  static void startCluster() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);
    hosts = SimulatedHosts.up(RELAY);
    cluster = new MultiHostCluster(hosts, WORKERS, dir.resolve("cluster"), Map.of())
        .workerProperty(0, PropertyKey.WORKER_HOSTNAME, hosts.name(RELAY))
        .workerProperty(0, PropertyKey.WORKER_DATA_PORT, String.valueOf(DATA_PORT));
    cluster.start();
    for (int port : List.of(WORKER_PORT, DATA_PORT)) {
      relays.add(RelayProcess.start(hosts.host(RELAY), hosts.name(RELAY) + ":" + port,
          hosts.name(MultiHostCluster.workerHost(0)) + ":" + port, Duration.ofMillis(100),
          cluster.logDir().resolve("relay-" + port + ".log")));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    readers.shutdownNow();
    for (RelayProcess relay : relays) {
      relay.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void aReadOverA200MsRoundTripLinkReturnsTheRightBytes() throws Exception {
    Path local = writeThroughWorker0("/slow.bin", 11);

    long before = hosts.bytesReceived(RELAY);
    Path read = dir.resolve("read-slow.bin");
    cluster.cli(READER, CLIENT).ok("fs", "get", "/slow.bin", read.toString());

    assertThat(Files.mismatch(local, read)).isEqualTo(-1);
    assertThat(hosts.bytesReceived(RELAY) - before).as("bytes that came through the relay").isGreaterThan(SIZE);
  }

  @Test
  void aReadStalledMidStreamGoesOnFromAnotherWorkerAfterTheStallTimeout() throws Exception {
    Path local = writeThroughWorker0("/stalled.bin", 12);
    // a slower reader link makes the read last seconds, so the stall falls in the middle of it
    hosts.shape(READER, "100mbit");
    try {
      long before = hosts.bytesReceived(RELAY);
      Path read = dir.resolve("read-stalled.bin");
      CompletableFuture<String> reading =
          CompletableFuture.supplyAsync(() -> get(cluster.cli(READER, CLIENT), "/stalled.bin", read), readers);
      while (hosts.bytesReceived(RELAY) - before < SIZE / 4) {
        assertThat(reading).as("read still running at the stall").isNotDone();
        Thread.sleep(20);
      }
      for (RelayProcess relay : relays) {
        relay.stall();
      }
      long stalledAt = System.nanoTime();

      reading.get(60, TimeUnit.SECONDS);
      assertThat(Files.mismatch(local, read)).isEqualTo(-1);
      // without the stall timeout the read would wait for gRPC's keepalive: 30 s idle + 20 s for the ping
      assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isLessThan(Duration.ofSeconds(25));
    } finally {
      for (RelayProcess relay : relays) {
        relay.resume();
      }
      hosts.shape(READER, "off");
    }
  }

  /** Writes a random file from the relay's host: its local worker by name is worker 0, behind the relay. */
  private static Path writeThroughWorker0(String path, long seed) throws Exception {
    Path local = dir.resolve("written-" + seed + ".bin");
    TestFiles.writeRandom(local, SIZE, seed);
    cluster.cli(RELAY, CLIENT).ok("fs", "put", local.toString(), path);
    return local;
  }

  private static String get(FerryCli cli, String path, Path out) {
    try {
      return cli.ok("fs", "get", path, out.toString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
