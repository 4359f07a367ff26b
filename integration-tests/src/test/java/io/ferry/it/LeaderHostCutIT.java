package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters (an HA quorum) on three hosts and the leader's host cut off
 * (its link down: silent loss) while a client on another host creates files
 * one after the other and a client on the leader's host lists them again
 * and again: a new leader serves within the election timeout and the worker
 * follows it; no acknowledged create is lost; the cut-off leader answers
 * nothing stale (no listing that started after a create was acknowledged
 * misses that file, and no mutation, which runs before the lead is
 * confirmed, answers "no such file" for it: they fail instead); healed, it
 * catches up as a follower.
 */
class LeaderHostCutIT {
  private static final int MASTERS = 3;
  private static final int WORKERS = 1;
  private static final int CLIENT = MASTERS + WORKERS + 1;
  private static final String DIR = "/probe";
  /**
   * The masters' election timeout is 1-2 s after the last heartbeat; then the vote, the new leader's start and
   * the probe's 1 s RPC timeout on the silent old leader, on a loaded 2-core machine.
   */
  private static final Duration NEW_LEADER_WITHIN = Duration.ofSeconds(6);
  /** After the new leader's first write, the time readers of the old one keep trying: past its step-down. */
  private static final Duration READS_DURING_CUT = Duration.ofSeconds(4);
  private static final Duration PROBE_CAP = Duration.ofMinutes(2);
  /**
   * Probe clients leave a silent master after a second and give up on a call after four, so they find the new
   * leader soon and each of their calls ends soon.
   */
  private static final Map<PropertyKey, String> PROBE_CLIENT = Map.of(
      PropertyKey.USER_RPC_TIMEOUT, "1s",
      PropertyKey.USER_CONNECT_TIMEOUT, "500ms",
      PropertyKey.USER_MASTER_FAILOVER_TIMEOUT, "4s");

  @TempDir Path dir;
  private SimulatedHosts hosts;
  private MultiHostCluster cluster;
  private FerryCli client;

  @BeforeEach
  void startCluster() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);
    hosts = SimulatedHosts.up(CLIENT);
    cluster = new MultiHostCluster(hosts, MASTERS, WORKERS, dir.resolve("cluster"),
        Map.of(PropertyKey.MASTER_WORKER_TIMEOUT, "3s")).start();
    client = cluster.cli(CLIENT, Map.of());
  }

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void aNewLeaderServesNoAcknowledgedCreateIsLostAndTheCutOffLeaderAnswersNothingStale() throws Exception {
    client.ok("fs", "mkdir", DIR);
    int oldLeader = cluster.leaderHost(client);
    Map<String, String> probeClient = cluster.clientProperties(PROBE_CLIENT);
    MetadataProbe writer = MetadataProbe.start(hosts.host(CLIENT), probeClient, "write", DIR, PROBE_CAP,
        dir.resolve("writer.out"));
    MetadataProbe reader = MetadataProbe.start(hosts.host(oldLeader), probeClient, "list", DIR, PROBE_CAP,
        dir.resolve("reader.out"));
    MetadataProbe unpinner = MetadataProbe.start(hosts.host(oldLeader), probeClient, "unpin", DIR, PROBE_CAP,
        dir.resolve("unpinner.out"));
    await(writer, c -> c.ok(), "the writer's first creates");
    await(reader, c -> c.ok(), "the reader's first listings");
    await(unpinner, c -> c.result().equals("unpinned"), "the unpinner's first unpins");

    long cutAt = System.nanoTime();
    hosts.cut(oldLeader, false);
    MetadataProbe.Call firstAfterCut = await(writer, c -> c.ok() && c.start() > cutAt, "a create after the cut");
    long servedAfterMs = (firstAfterCut.end() - cutAt) / 1_000_000;
    await(reader, c -> c.start() > firstAfterCut.end() + READS_DURING_CUT.toNanos(), "reads well into the cut");
    await(unpinner, c -> c.start() > firstAfterCut.end() + READS_DURING_CUT.toNanos(), "unpins well into the cut");
    assertThat(cluster.leaderHost(client)).isNotEqualTo(oldLeader);
    cluster.awaitLiveWorkers(WORKERS); // the worker registered with the new leader

    long healedAt = System.nanoTime();
    hosts.heal(oldLeader);
    await(reader, c -> c.ok() && c.start() > healedAt, "a listing after healing");
    List<MetadataProbe.Call> writes = writer.finish();
    List<MetadataProbe.Call> reads = reader.finish();
    List<MetadataProbe.Call> unpins = unpinner.finish();
    cluster.awaitCaughtUp(oldLeader, client);

    System.out.println("LeaderHostCutIT: with the leader's host cut off, creates were served again after "
        + servedAfterMs + " ms");
    assertThat(servedAfterMs).isLessThan(NEW_LEADER_WITHIN.toMillis());
    Set<String> listed = Arrays.stream(client.ok("fs", "ls", DIR).split("\n")).filter(l -> !l.isBlank())
        .map(l -> l.substring(l.lastIndexOf(' ') + 1).replaceFirst(".*/", "")).collect(Collectors.toSet());
    assertThat(listed).as("files after healing").containsAll(writes.stream().filter(MetadataProbe.Call::ok)
        .map(c -> String.valueOf(c.value())).toList());
    for (MetadataProbe.Call read : reads) {
      long acknowledgedBefore = writes.stream().filter(w -> w.ok() && w.end() < read.start()).count();
      if (read.ok()) {
        assertThat((long) read.value()).as("files listed by a listing that started after %d creates were"
            + " acknowledged", acknowledgedBefore).isGreaterThanOrEqualTo(acknowledgedBefore);
      }
    }
    assertThat(reads).as("listings sent to the cut-off leader after the new leader served a create")
        .filteredOn(r -> r.start() > firstAfterCut.end() && r.end() < healedAt).isNotEmpty()
        .noneMatch(MetadataProbe.Call::ok);
    for (MetadataProbe.Call unpin : unpins) {
      if (unpin.result().equals("missing")) {
        assertThat(writes).as("creates of file %d acknowledged before an unpin that found it missing started",
            unpin.value()).noneMatch(w -> w.ok() && w.value() == unpin.value() && w.end() < unpin.start());
      }
    }
    assertThat(unpins).as("unpins sent to the cut-off leader after the new leader served a create")
        .filteredOn(u -> u.start() > firstAfterCut.end() && u.end() < healedAt).isNotEmpty()
        .noneMatch(MetadataProbe.Call::ok);
  }

  /** Waits (up to a minute) for a call of {@code probe} that matches; that call. */
  private static MetadataProbe.Call await(MetadataProbe probe, Predicate<MetadataProbe.Call> call, String what)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<MetadataProbe.Call> found = probe.calls().stream().filter(call).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " within a minute; calls: " + probe.calls());
  }
}
