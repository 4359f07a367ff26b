package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.PropertyKey;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input across real processes: thousands of random, truncated and
 * oversized messages to every gRPC service of a master and a worker, and
 * hostile frames to the worker's block transport. Every call must end with
 * an error status (or a valid answer) before its deadline, no process may
 * die, and the cluster must then serve a known file with the right bytes.
 * The seed is printed and named in every failure; -Dfuzz.seed=N replays it.
 */
class HostileInputIT {
  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  /** Small limits, so oversized messages stay cheap to send. */
  private static final int MAX_MESSAGE_BYTES = 4 << 20;
  private static final int MAX_HEADER_LIST_BYTES = 8 << 10;
  /** Below the fuzzer's own concurrency: further calls must wait for a free stream, not fail. */
  private static final int MAX_CONCURRENT_CALLS = 16;
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
  private static final String KNOWN_FILE = "/known/data.bin";
  /** A call still running at its deadline (wedged), or failed by an exception no handler mapped (a crash). */
  private static final Set<Status.Code> UNEXPECTED = Set.of(Status.Code.DEADLINE_EXCEEDED, Status.Code.UNKNOWN);

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static byte[] known;
  private static int dataPort;

  @BeforeAll
  static void startCluster() throws Exception {
    System.out.println("HostileInputIT seed: " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
    dataPort = FerryCluster.freePort();
    FerryCluster.Builder b = FerryCluster.builder(dir.resolve("cluster"))
        .workerProperty(PropertyKey.WORKER_DATA_PORT, dataPort);
    for (Map.Entry<PropertyKey, Object> limit : limits().entrySet()) {
      b.masterProperty(limit.getKey(), limit.getValue()).workerProperty(limit.getKey(), limit.getValue())
          .clientProperty(limit.getKey(), limit.getValue());
    }
    cluster = b.start();
    known = TestFiles.randomBytes(3 << 20, SEED);
    Files.createDirectories(cluster.rootUfs().resolve("known"));
    Files.write(cluster.rootUfs().resolve("known/data.bin"), known);
    assertThat(readKnownFile()).isEqualTo(known); // cached on the worker from here on
  }

  private static Map<PropertyKey, Object> limits() {
    return Map.of(PropertyKey.SECURITY_RPC_MAX_MESSAGE_SIZE, MAX_MESSAGE_BYTES,
        PropertyKey.SECURITY_RPC_MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST_BYTES,
        PropertyKey.SECURITY_RPC_MAX_CONCURRENT_CALLS, MAX_CONCURRENT_CALLS);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static byte[] readKnownFile() throws Exception {
    try (FerryClient client = cluster.newClient(); FerryInputStream in = client.openFile(KNOWN_FILE)) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyGrpcCallEndsWithAStatusAndTheClusterStillServes() throws Exception {
    List<GrpcServices.Method> methods = GrpcServices.all();
    GrpcFuzzer fuzzer = new GrpcFuzzer(new Random(SEED), 12, MAX_MESSAGE_BYTES, MAX_HEADER_LIST_BYTES,
        CALL_DEADLINE, 4 * MAX_CONCURRENT_CALLS);
    List<GrpcFuzzer.Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, Integer> server : Map.of("master", cluster.masterPort(), "worker",
        cluster.workerPort(0)).entrySet()) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.getValue()).usePlaintext()
          .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
      try {
        outcomes.addAll(fuzzer.fuzz(server.getKey(), channel, methods));
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
    System.out.println("HostileInputIT: " + outcomes.size() + " calls to " + methods.size()
        + " methods, by status: " + byStatus(outcomes));

    assertThat(outcomes).as("seed %d", SEED).hasSizeGreaterThan(1000)
        .filteredOn(o -> UNEXPECTED.contains(o.status().getCode())).isEmpty();
    assertThat(cluster.deadProcesses()).as("seed %d", SEED).isEmpty();
    assertThat(readKnownFile()).as("seed %d", SEED).isEqualTo(known);
  }

  @Test
  void hostileBlockTransportFramesAreRefusedAndTheWorkerStillServes() throws Exception {
    BlockTransportFuzzer fuzzer = new BlockTransportFuzzer(new Random(SEED), Duration.ofSeconds(20));
    List<Socket> held = fuzzer.holdPartialFrames(dataPort, 50);
    try {
      assertThat(fuzzer.fuzz(dataPort, 500)).as("seed %d", SEED).isEmpty();
      assertThat(readKnownFile()).as("seed %d", SEED).isEqualTo(known);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    assertThat(cluster.deadProcesses()).as("seed %d", SEED).isEmpty();
  }

  private static Map<Status.Code, Integer> byStatus(List<GrpcFuzzer.Outcome> outcomes) {
    Map<Status.Code, Integer> counts = new TreeMap<>();
    outcomes.forEach(o -> counts.merge(o.status().getCode(), 1, Integer::sum));
    return counts;
  }
}
