package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FerryOutputStream;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input to the masters' Raft port across real processes (three
 * masters): random, truncated, oversized and well-formed-but-hostile messages
 * to every method of Ratis's server, client and admin protocols, on the
 * leader's port and a follower's. Every call must end before its deadline, no
 * master may die, and the cluster must then still write and read a file.
 * (Raft trusts its peers: on a shared network the port is to be closed to
 * everyone but the masters, by mutual TLS or the firewall; this shows a
 * stray or broken client cannot take a master down.) The seed is printed;
 * -Dfuzz.seed=N replays it.
 */
class HostileRaftInputIT {
  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  private static final int MAX_MESSAGE_BYTES = 4 << 20;
  private static final int MAX_HEADER_LIST_BYTES = 8 << 10;
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);
  private static final byte[] KNOWN = TestFiles.randomBytes(1 << 20, 7);

  @TempDir static Path dir;
  private static HaCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    System.out.println("HostileRaftInputIT seed: " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
    cluster = new HaCluster(dir.resolve("ha"), 1, Map.of()).start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void everyRaftCallEndsBeforeItsDeadlineAndTheMastersStillServe() throws Exception {
    List<GrpcServices.Method> methods = RaftServices.all();
    GrpcFuzzer fuzzer = new GrpcFuzzer(new Random(SEED), 8, MAX_MESSAGE_BYTES, MAX_HEADER_LIST_BYTES,
        CALL_DEADLINE, 32);
    int leader = cluster.leader();
    int follower = (leader + 1) % 3;
    Map<Status.Code, Integer> byStatus = new TreeMap<>();
    int calls = 0;
    for (int master : List.of(leader, follower)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", cluster.raftPort(master)).usePlaintext()
          .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
      try {
        for (GrpcFuzzer.Outcome o : fuzzer.fuzz("master-" + master + " raft", channel, methods)) {
          calls++;
          byStatus.merge(o.status().getCode(), 1, Integer::sum);
          assertThat(o.status().getCode()).as("seed %d: %s", SEED, o).isNotEqualTo(Status.Code.DEADLINE_EXCEEDED);
        }
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
    System.out.println("HostileRaftInputIT: " + calls + " calls to " + methods.size() + " methods, by status: "
        + byStatus);

    assertThat(calls).isGreaterThan(500);
    assertThat(cluster.deadProcesses()).as("seed %d", SEED).isEmpty();
    assertThat(writeAndReadBack()).as("seed %d", SEED).isEqualTo(KNOWN);
  }

  /** A file written and read through whichever master leads now. */
  private static byte[] writeAndReadBack() throws Exception {
    try (FerryClient client = cluster.newClient()) {
      try (FerryOutputStream out = client.createFile("/after-raft-fuzz.bin", CreateOptions.DEFAULT)) {
        out.write(KNOWN);
      }
      try (FerryInputStream in = client.openFile("/after-raft-fuzz.bin")) {
        return in.readAllBytes();
      }
    }
  }
}
