package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.error.NotLeaderException;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.PingRequest;
import io.ferry.proto.PingResponse;
import io.ferry.common.security.TransportSecurity;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MasterConnectionTest {
  private Server follower;
  private Server leader;

  /** A master that answers Ping; a follower refuses, naming the leader it believes in. */
  private static final class Master extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
    private final Optional<String> believedLeader;
    final AtomicInteger pings = new AtomicInteger();

    Master(Optional<String> believedLeader) {
      this.believedLeader = believedLeader;
    }

    @Override
    public void ping(PingRequest request, StreamObserver<PingResponse> observer) {
      pings.incrementAndGet();
      if (believedLeader.isPresent()) {
        GrpcErrors.fail(observer, new NotLeaderException("follower", believedLeader));
        return;
      }
      observer.onNext(PingResponse.getDefaultInstance());
      observer.onCompleted();
    }
  }

  @AfterEach
  void stop() {
    for (Server s : new Server[] {follower, leader}) {
      if (s != null) {
        s.shutdownNow();
      }
    }
  }

  @Test
  void aHintNamingAMasterThatFailedInTheSameCallIsIgnoredAndTheNextMasterTried() throws IOException {
    String dead = "127.0.0.1:" + freePort();
    Master stale = new Master(Optional.of(dead)); // during an election, followers still name the dead leader
    follower = GrpcServers.start("127.0.0.1", 0, stale);
    leader = GrpcServers.start("127.0.0.1", 0, new Master(Optional.empty()));
    List<String> addresses = List.of(dead, "127.0.0.1:" + follower.getPort(), "127.0.0.1:" + leader.getPort());

    try (MasterConnection masters = new MasterConnection(addresses, Duration.ofSeconds(2), Duration.ofSeconds(5),
        TransportSecurity.plaintext(),
        GrpcErrors::fromStatus)) {
      masters.call(ch -> FileSystemMasterServiceGrpc.newBlockingStub(ch).ping(PingRequest.getDefaultInstance()));

      assertThat(masters.currentAddress()).isEqualTo(addresses.get(2));
      assertThat(stale.pings).as("calls the follower refused").hasValue(1);
    }
  }

  /** One master; each call of the returned RPC fails with the next of {@code failures}, then answers "done". */
  private static MasterConnection.Rpc<String> failingWith(AtomicInteger calls, ErrorCode... failures) {
    return channel -> {
      int n = calls.getAndIncrement();
      if (n < failures.length) {
        throw GrpcErrors.toStatus(new FerryException(failures[n], "attempt " + n));
      }
      return "done";
    };
  }

  private static MasterConnection oneMaster() throws IOException {
    return new MasterConnection(List.of("127.0.0.1:" + freePort()), Duration.ofSeconds(2), Duration.ofSeconds(5),
        TransportSecurity.plaintext(), GrpcErrors::fromStatus);
  }

  @Test
  void withOneMasterAMutationWhoseAnswerCameTooLateIsSentAgain() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (MasterConnection master = oneMaster()) {
      assertThat(master.callMutation(failingWith(calls, ErrorCode.DEADLINE_EXCEEDED))).isEqualTo("done");
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void aMutationTheMasterReportsInProgressIsAskedAgainUntilItIsDone() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (MasterConnection master = oneMaster()) {
      assertThat(master.callMutation(failingWith(calls, ErrorCode.IN_PROGRESS, ErrorCode.IN_PROGRESS,
          ErrorCode.IN_PROGRESS))).isEqualTo("done");
    }
    assertThat(calls).hasValue(4);
  }

  @Test
  void withOneMasterAReadThatTimedOutFailsAtOnce() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (MasterConnection master = oneMaster()) {
      assertThatThrownBy(() -> master.call(failingWith(calls, ErrorCode.DEADLINE_EXCEEDED)))
          .isInstanceOf(FerryException.class).hasMessageContaining("attempt 0");
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void withOneMasterAMutationWhoseConnectionBrokeIsSentAgain() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (MasterConnection master = oneMaster()) {
      assertThat(master.callMutation(failingWith(calls, ErrorCode.UNAVAILABLE))).isEqualTo("done");
    }
    assertThat(calls).hasValue(2);
  }

  @Test
  void withOneMasterAReadFindingTheMasterUnavailableFailsAtOnce() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    try (MasterConnection master = oneMaster()) {
      assertThatThrownBy(() -> master.call(failingWith(calls, ErrorCode.UNAVAILABLE)))
          .isInstanceOf(FerryException.class).hasMessageContaining("attempt 0");
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void withOneMasterAMutationReachesTheMasterOnceItIsBackOnItsPort() throws Exception {
    int port = freePort();
    AtomicInteger attempts = new AtomicInteger();
    try (MasterConnection master = new MasterConnection(List.of("127.0.0.1:" + port), Duration.ofSeconds(2),
        Duration.ofSeconds(60), TransportSecurity.plaintext(), GrpcErrors::fromStatus)) {
      Thread restart = new Thread(() -> {
        awaitAttempts(attempts, 3); // the master is down for the first attempts
        leader = startOn(port, new Master(Optional.empty()));
      });
      restart.start();

      master.callMutation(ch -> {
        attempts.incrementAndGet();
        return FileSystemMasterServiceGrpc.newBlockingStub(ch).ping(PingRequest.getDefaultInstance());
      });
      restart.join();
    }
    assertThat(attempts.get()).isGreaterThan(3);
  }

  @Test
  void withOneMasterThatStaysDownAMutationFailsUnavailableAfterTheFailoverTimeout() throws IOException {
    AtomicInteger attempts = new AtomicInteger();
    try (MasterConnection master = new MasterConnection(List.of("127.0.0.1:" + freePort()), Duration.ofSeconds(2),
        Duration.ofSeconds(1), TransportSecurity.plaintext(), GrpcErrors::fromStatus)) {
      assertThatThrownBy(() -> master.callMutation(ch -> {
        attempts.incrementAndGet();
        return FileSystemMasterServiceGrpc.newBlockingStub(ch).ping(PingRequest.getDefaultInstance());
      })).isInstanceOf(FerryException.class)
          .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }
    assertThat(attempts.get()).as("attempts within the failover timeout").isGreaterThan(1);
  }

  private static void awaitAttempts(AtomicInteger attempts, int n) {
    try {
      while (attempts.get() < n) {
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Server startOn(int port, Master master) {
    try {
      return GrpcServers.start("127.0.0.1", port, master);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
