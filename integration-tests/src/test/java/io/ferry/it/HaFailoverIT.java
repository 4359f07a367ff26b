package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.common.conf.PropertyKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three masters replicating their journal with Ratis, as separate processes, with failures injected. */
class HaFailoverIT {
  private static final long NEW_LEADER_WITHIN_MS = 10_000;
  private static final int CREATES_WHILE_DOWN = 400;

  @TempDir Path dir;
  private HaCluster cluster;

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void kill9OfTheLeaderDuringCreatesLosesNoAcknowledgedCreateAndAppliesNoneTwice() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 1, Map.of()).start();
    int oldLeader = cluster.leader();
    try (FerryClient client = cluster.newClient()) {
      CreateStream stream = new CreateStream(client, "/stream", 4);
      stream.awaitAcksAfter(System.nanoTime(), 20, 30_000);
      long killedAt = System.nanoTime();
      cluster.killMaster(oldLeader);
      stream.awaitAcksAfter(killedAt + 1_000_000_000L, 20, 60_000); // well after the election
      stream.close();
      long stallMs = stream.longestStallMsAfter(killedAt);
      System.out.println("HaFailoverIT: creates stalled " + stallMs + " ms at most after kill -9 of the leader ("
          + stream.totalAcknowledged() + " acknowledged)");

      assertThat(stream.errors()).as("errors the clients saw").isEmpty();
      assertThat(stallMs).isLessThan(NEW_LEADER_WITHIN_MS);
      assertThat(cluster.leader()).isNotEqualTo(oldLeader);
      for (int t = 0; t < stream.threadCount(); t++) {
        assertThat(client.listStatus(stream.threadDir(t))).as("files of thread " + t)
            .hasSize((int) stream.acknowledged(t));
      }
      // root, /stream, its thread directories and one inode per acknowledged create: nothing twice
      assertThat(client.getClusterReport().inodeCount())
          .isEqualTo(2 + stream.threadCount() + stream.totalAcknowledged());
      cluster.awaitLiveWorkers(1); // the worker found the new leader too
    }
  }

  @Test
  void aKilledFollowerRestartedLaterCatchesUpFromASnapshot() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 0,
        Map.of(PropertyKey.MASTER_RAFT_SNAPSHOT_THRESHOLD.name(), "100",
            PropertyKey.MASTER_RAFT_LOG_SEGMENT_SIZE.name(), "64KB")).start();
    int leader = cluster.leader();
    int follower = (leader + 1) % 3;
    int other = (leader + 2) % 3;
    cluster.killMaster(follower);
    try (FerryClient client = cluster.newClient()) {
      client.createDirectory("/while-down", true);
      // 400 creates of long names: 800 log entries filling several 64 KB segments, a snapshot every 100,
      // so whole segments the follower needs are purged
      for (int i = 0; i < CREATES_WHILE_DOWN; i++) {
        client.createEmptyFiles("/while-down", List.of(String.format("%0200d", i)));
      }
      cluster.startMaster(follower);
      awaitCaughtUp(follower);
      assertThat(Files.readString(cluster.masterLog(follower))).contains("restored from the leader's snapshot");

      // Only the restarted follower can complete a majority with the leader now.
      cluster.killMaster(other);
      client.createEmptyFiles("/while-down", List.of("after"));
      // Its log is now the most complete one: with the leader gone it must win the election.
      cluster.killMaster(leader);
      cluster.startMaster(other);
      assertThat(cluster.leader()).isEqualTo(follower);
      assertThat(client.listStatus("/while-down")).hasSize(CREATES_WHILE_DOWN + 1);
    }
  }

  @Test
  void aStoppedLeaderDoesNotStopTheCluster() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 0, Map.of()).start();
    int stopped = cluster.leader();
    try (FerryClient client = FerryClient.create(cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_RPC_TIMEOUT, "2s").build())) {
      client.createDirectory("/before", true);
      long stoppedAt = System.nanoTime();
      cluster.pauseMaster(stopped);
      client.createDirectory("/during", true);
      long servedMs = (System.nanoTime() - stoppedAt) / 1_000_000;
      System.out.println("HaFailoverIT: with the leader stopped (SIGSTOP), the others served a mkdir after "
          + servedMs + " ms");
      assertThat(cluster.leader()).isNotEqualTo(stopped);
      assertThat(client.getStatus("/before").path()).isEqualTo("/before");

      cluster.resumeMaster(stopped); // it comes back as a follower and catches up
      awaitCaughtUp(stopped);
      client.createDirectory("/after", true);
      assertThat(client.listStatus("/")).extracting(f -> f.name()).contains("before", "during", "after");
    }
  }

  @Test
  void reportShowsTheLeaderAndTheFollowersWithTheirLogIndexes() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 0, Map.of()).start();
    FerryCli cli = new FerryCli(0, dir.resolve("cli"))
        .withProperty(PropertyKey.MASTER_ADDRESSES.name(), cluster.addresses());
    cli.ok("fs", "mkdir", "/x");
    String leader = cluster.address(cluster.leader());

    String report = cli.ok("report");

    assertThat(report).containsPattern("leader: " + leader + " log_index=[1-9][0-9]*\n");
    for (int i = 0; i < 3; i++) {
      if (!cluster.address(i).equals(leader)) {
        assertThat(report).containsPattern("follower: " + cluster.address(i) + " log_index=-?[0-9]+\n");
      }
    }
  }

  @Test
  void eachMasterExportsItsRaftRole() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 0, Map.of()).start();
    int leader = cluster.leader();
    int follower = (leader + 1) % 3;

    String leaderMetrics = WebPort.get(cluster.webPort(leader), "/metrics").body();
    String followerMetrics = WebPort.get(cluster.webPort(follower), "/metrics").body();

    assertThat(leaderMetrics).contains("ferry_master_raft_role{role=\"leader\"} 1.0")
        .containsPattern("ferry_master_raft_term [1-9]")
        .containsPattern("ferry_master_raft_index\\{index=\"committed\"} [1-9]");
    assertThat(followerMetrics).contains("ferry_master_raft_role{role=\"follower\"} 1.0")
        .contains("ferry_master_raft_follower_lag_entries 0.0");
  }

  @Test
  void aFollowersWebUiSendsTheBrowserToTheSamePageOnTheLeader() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 0, Map.of()).start();
    int leader = cluster.leader();
    int follower = (leader + 1) % 3;
    String leaderWeb = "localhost:" + cluster.webPort(leader);
    awaitFollowerKnowsLeader(follower, leaderWeb);

    HttpResponse<String> page = WebPort.get(cluster.webPort(follower), "/app.js");

    assertThat(page.statusCode()).isEqualTo(307);
    assertThat(page.headers().firstValue("Location"))
        .hasValue("http://" + leaderWeb + "/app.js");
    assertThat(WebPort.get(cluster.webPort(leader), "/").statusCode()).isEqualTo(200);
  }

  /** A follower hears of the leader with the leader's first heartbeat to it; its overview then names it. */
  private void awaitFollowerKnowsLeader(int follower, String leaderWeb) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    String overview = "";
    while (System.nanoTime() < deadline) {
      overview = WebPort.get(cluster.webPort(follower), "/api/overview").body();
      if (overview.contains("\"leaderAddress\": \"" + leaderWeb + "\"")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("master " + follower + " does not name the leader's web address " + leaderWeb
        + ": " + overview);
  }


  /** Waits until the leader reports master i as a follower with the leader's own log index. */
  private void awaitCaughtUp(int master) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      ClusterStatus report = cluster.report();
      long leaderIndex = report.masters().stream().filter(m -> m.role().equals("leader"))
          .mapToLong(ClusterStatus.Master::logIndex).max().orElse(-1);
      boolean caughtUp = report.masters().stream().anyMatch(m -> m.address().equals(cluster.address(master))
          && m.role().equals("follower") && m.logIndex() >= leaderIndex);
      if (caughtUp) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("master " + cluster.address(master) + " did not catch up: " + cluster.report());
  }
}
