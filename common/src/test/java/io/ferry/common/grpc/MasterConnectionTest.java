package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.NotLeaderException;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.PingRequest;
import io.ferry.proto.PingResponse;
import io.ferry.common.security.TransportSecurity;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
