package io.ferry.master.ha;

import io.ferry.common.DaemonThreads;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.RpcLimits;
import io.ferry.common.security.TlsClientAuth;
import io.ferry.common.security.TransportSecurity;
import io.ferry.master.journal.Journal;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import io.ferry.proto.MasterInfo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This master's member of the Raft quorum (Apache Ratis over its gRPC
 * transport, shaded inside Ratis, so it does not meet Ferry's own grpc-java).
 * Serves only while it leads and has applied everything before its term:
 * then it runs the leader's start-up work (ids, root mount) and opens for
 * calls.
 */
public final class RaftMasterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftMasterNode.class);
  private static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("ferry-masters".getBytes(StandardCharsets.UTF_8)));
  // Elections after 1-2 s of silence: a busy 2-core machine does not depose a live leader,
  // and a dead one is replaced well within 10 s.
  private static final Duration ELECTION_TIMEOUT_MIN = Duration.ofSeconds(1);
  private static final Duration ELECTION_TIMEOUT_MAX = Duration.ofSeconds(2);

  /** The work a master does before it serves as the new leader. */
  @FunctionalInterface
  public interface LeaderStart {
    void run() throws FerryException;
  }

  private final LeaderAddresses leaders;
  private final ExecutorService leaderStarts = Executors.newSingleThreadExecutor(DaemonThreads.named("leader-start"));
  private final RaftServer server;
  private final RaftJournal journal;
  private final LeaderConfirmation confirmation;
  private volatile LeaderStart leaderStart;
  private volatile boolean ready;

  /**
   * A member of the quorum {@code ha}, not started yet, talking to the other
   * masters with {@code tls}. {@code afterRestore} runs when the metastore
   * was replaced by a snapshot from the leader.
   */
  public RaftMasterNode(HaConfig ha, TransportSecurity tls, MetaStore store, MetaStateMachine stateMachine,
      Runnable afterRestore) throws IOException {
    this.leaders = new LeaderAddresses(ha.rpcAddresses(), ha.self());
    List<RaftPeer> peers = new ArrayList<>();
    for (int i = 0; i < ha.raftAddresses().size(); i++) {
      peers.add(RaftPeer.newBuilder().setId(HaConfig.peerId(i)).setAddress(ha.raftAddresses().get(i)).build());
    }
    MetaRaftStateMachine sm = new MetaRaftStateMachine(store, stateMachine, afterRestore,
        new MetaRaftStateMachine.Leadership() {
          @Override
          public void leaderReady() {
            leaderStarts.execute(() -> startLeading());
          }

          @Override
          public void leaderChanged(Optional<String> leaderPeerId) {
            leaders.leaderChanged(leaderPeerId);
            if (!leaderPeerId.equals(Optional.of(HaConfig.peerId(ha.self())))) {
              ready = false;
            }
            LOG.info("Leader master: {}", leaderPeerId.map(leaders::rpcAddress).orElse("none"));
          }
        });
    this.server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(HaConfig.peerId(ha.self())))
        .setGroup(RaftGroup.valueOf(GROUP_ID, peers))
        .setProperties(properties(ha, tls.limits()))
        .setParameters(parameters(tls))
        .setStateMachine(sm)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    LocalRaftCalls calls = new LocalRaftCalls(server, GROUP_ID);
    this.confirmation = new LeaderConfirmation(calls, leaders, ELECTION_TIMEOUT_MAX);
    this.journal = new RaftJournal(calls, leaders, confirmation);
  }

  /** Joins the quorum: replays this master's log, then follows, or leads after {@code leaderStart}. */
  public void start(LeaderStart leaderStart) throws IOException {
    this.leaderStart = leaderStart;
    server.start();
    LOG.info("Master {} joined the quorum", leaders.self());
  }

  private static RaftProperties properties(HaConfig ha, RpcLimits limits) {
    RaftProperties p = new RaftProperties();
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(limits.maxMessageBytes()));
    RaftServerConfigKeys.setStorageDir(p, List.of(new File(ha.raftDir().toString())));
    String self = ha.raftAddresses().get(ha.self());
    GrpcConfigKeys.Server.setPort(p, Integer.parseInt(self.substring(self.lastIndexOf(':') + 1)));
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ratis(ELECTION_TIMEOUT_MIN));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ratis(ELECTION_TIMEOUT_MAX));
    // Linearizable reads: read-only requests take a read index, a heartbeat round a majority must accept.
    // Not Ratis's leader lease: it counts a follower's NOT_LEADER reply (the follower elected another
    // leader) as an acknowledgement, so a deposed leader slow to step down served stale reads
    // (LeaderHostCutIT, under CI's load).
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
    RaftServerConfigKeys.Read.setTimeout(p, ratis(ELECTION_TIMEOUT_MAX));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, ha.snapshotThreshold());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, ha.snapshotThreshold()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(ha.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(ha.logSegmentBytes(), 4L << 20)));
    return p;
  }

  /**
   * Ratis's gRPC transport with the masters' TLS (each master is a client of
   * the others, with its own certificate) and the limits of every Ferry server.
   */
  private static Parameters parameters(TransportSecurity tls) {
    Parameters p = new Parameters();
    RpcLimits limits = tls.limits();
    GrpcConfigKeys.Server.setServicesCustomizer(p, (builder, types) -> builder
        .maxInboundMetadataSize(limits.maxHeaderListBytes())
        .maxConcurrentCallsPerConnection(limits.maxConcurrentCalls()));
    if (tls.enabled()) {
      GrpcConfigKeys.TLS.setConf(p, new GrpcTlsConfig(tls.serverIdentity(), tls.trustManager(),
          tls.clientAuth() == TlsClientAuth.REQUIRED));
    }
    return p;
  }

  private static TimeDuration ratis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void startLeading() {
    try {
      leaderStart.run();
      ready = division().getInfo().isLeader();
      LOG.info("This master ({}) leads and serves", leaders.self());
    } catch (IOException | RuntimeException e) {
      LOG.warn("This master ({}) cannot start leading: {}", leaders.self(), e.toString());
    }
  }

  public Journal journal() {
    return journal;
  }

  /**
   * Completes when this master leads, serves, and is confirmed to lead now
   * (see {@link LeaderConfirmation}); else fails with NOT_LEADER, naming the
   * leader when known.
   */
  public CompletableFuture<Void> confirmLeading() {
    if (!ready) {
      return CompletableFuture.failedFuture(leaders.notLeader(""));
    }
    return confirmation.confirm();
  }

  /**
   * Where this leader's log stands now, without a round trip, for a call
   * whose lead is confirmed when it answers ({@link #confirmLeadingSince});
   * fails with NOT_LEADER when this master does not lead and serve.
   */
  public LogMark markLog() throws FerryException {
    if (ready) {
      try {
        RaftServer.Division division = division();
        long next = division.getRaftLog().getNextIndex();
        DivisionInfo info = division.getInfo();
        if (info.isLeader()) {
          return new LogMark(info.getCurrentTerm(), next);
        }
      } catch (IOException e) {
        throw leaders.notLeader("its Raft server is gone: " + e.getMessage());
      }
    }
    throw leaders.notLeader("");
  }

  /**
   * Completes when this master is confirmed to have led after {@code mark}:
   * at once if an entry it appended since then is committed, in the same
   * term (a majority accepted this leader after the mark, which is what a
   * read index asks: the entry of a call that journaled is one), else after
   * a read index ({@link #confirmLeading}).
   */
  public CompletableFuture<Void> confirmLeadingSince(LogMark mark) {
    try {
      RaftServer.Division division = division();
      long committed = division.getRaftLog().getLastCommittedIndex(); // before the term: see LogMark
      DivisionInfo info = division.getInfo();
      if (ready && committed >= mark.nextIndex() && info.isLeader() && info.getCurrentTerm() == mark.term()) {
        return CompletableFuture.completedFuture(null);
      }
    } catch (IOException e) {
      return CompletableFuture.failedFuture(leaders.notLeader("its Raft server is gone: " + e.getMessage()));
    }
    return confirmLeading();
  }

  /** Empty when this master leads and serves or follows a known leader; else why it cannot serve (/readyz). */
  public Optional<String> notReadyBecause() {
    if (ready || leaders.leader().isPresent()) {
      return Optional.empty();
    }
    return Optional.of("no leader master known yet (quorum " + leaders.self() + ")");
  }

  /** The leader's RPC address when another master leads (the web UI points there); empty otherwise. */
  public Optional<String> otherLeader() {
    return leaders.leader();
  }

  /** This master's role, term and log indexes. */
  public RaftStatus status() throws IOException {
    RaftServer.Division division = division();
    DivisionInfo info = division.getInfo();
    long committed = division.getRaftLog().getLastCommittedIndex();
    long lag = 0;
    long[] matched = info.getFollowerMatchIndices();
    if (info.isLeader() && matched != null) {
      for (long match : matched) {
        lag = Math.max(lag, committed - match);
      }
    }
    return new RaftStatus(info.getCurrentRole().name().toLowerCase(Locale.ROOT), info.getCurrentTerm(), committed,
        info.getLastAppliedIndex(), lag);
  }

  /** The quorum as the leader sees it: each master's role and log index. */
  public List<MasterInfo> masters() throws IOException {
    DivisionInfo info = division().getInfo();
    List<MasterInfo> out = new ArrayList<>();
    out.add(MasterInfo.newBuilder().setAddress(leaders.self())
        .setRole(info.isLeader() ? "leader" : "follower").setLogIndex(info.getLastAppliedIndex()).build());
    RoleInfoProto role = info.getRoleInfoProto();
    long[] matched = info.getFollowerMatchIndices();
    if (role.hasLeaderInfo() && matched != null) {
      var followers = role.getLeaderInfo().getFollowerInfoList();
      for (int i = 0; i < Math.min(followers.size(), matched.length); i++) {
        String peer = followers.get(i).getId().getId().toStringUtf8();
        out.add(MasterInfo.newBuilder().setAddress(leaders.rpcAddress(peer)).setRole("follower")
            .setLogIndex(matched[i]).build());
      }
    }
    return out;
  }

  private RaftServer.Division division() throws IOException {
    return server.getDivision(GROUP_ID);
  }

  @Override
  public void close() {
    ready = false;
    leaderStarts.shutdownNow();
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("Closing the Raft server: {}", e.toString());
    }
  }
}
