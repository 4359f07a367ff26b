package io.ferry.master.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.DaemonThreads;
import io.ferry.common.error.FerryException;
import io.ferry.common.error.NotLeaderException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.common.metrics.RpcMetrics;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A master answers a call only once it is confirmed to lead; a call waiting for that holds no transport thread;
 * a call that journals runs at once and its answer waits for the confirmation.
 */
class LeaderOnlyTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final GetStatusRequest REQUEST = GetStatusRequest.newBuilder().setPath("/x").build();

  private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("test-rpc"));
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private volatile CompletableFuture<Void> lead = new CompletableFuture<>();
  private final CompletableFuture<Void> leadSinceArrival = new CompletableFuture<>();
  private final AtomicInteger served = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  /** Answers getStatus (run on the transport thread, as the master's) with the path asked for. */
  private final class Echo extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
      served.incrementAndGet();
      observer.onNext(FileInfo.newBuilder().setPath(request.getPath()).build());
      observer.onCompleted();
    }
  }

  @AfterEach
  void stop() {
    GrpcChannels.shutdown(channel);
    GrpcServers.stop(server);
    executor.shutdownNow();
    callers.shutdownNow();
  }

  @Test
  void aConfirmedLeaderAnswers() throws Exception {
    start();
    lead.complete(null);

    assertThat(call().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getPath()).isEqualTo("/x");
  }

  @Test
  void aCallWaitsForTheConfirmationAndIsAnsweredOnceItComes() throws Exception {
    start();
    Future<FileInfo> answer = call();
    Thread.sleep(300);
    assertThat(answer).isNotDone();

    lead.complete(null);

    assertThat(answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getPath()).isEqualTo("/x");
  }

  @Test
  void aWaitingCallHoldsNoTransportThread() throws Exception {
    start();
    Future<FileInfo> waiting = call();
    Thread.sleep(100);
    lead = CompletableFuture.completedFuture(null); // later calls find the lead confirmed at once

    assertThat(call().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getPath()).isEqualTo("/x");
    assertThat(waiting).isNotDone();
  }

  @Test
  void aCallWhoseConfirmationFailsIsRefusedAsNotLeader() throws Exception {
    start();
    Future<FileInfo> answer = call();
    Thread.sleep(100);

    lead.completeExceptionally(new NotLeaderException("m0:1", Optional.of("m1:1")));

    assertThatThrownBy(() -> answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(GrpcErrors.fromStatus(e, "m0:1"))
            .isInstanceOfSatisfying(NotLeaderException.class, n -> assertThat(n.leader()).contains("m1:1")));
  }

  @Test
  void aJournalingCallRunsBeforeTheConfirmationAndItsAnswerWaitsForIt() throws Exception {
    start(journaling(false));
    Future<FileInfo> answer = call();
    awaitServed();
    Thread.sleep(300);
    assertThat(answer).isNotDone();

    leadSinceArrival.complete(null);

    assertThat(answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).getPath()).isEqualTo("/x");
  }

  @Test
  void aJournalingCallWhoseConfirmationFailsIsRefusedAsNotLeaderInsteadOfAnswered() throws Exception {
    start(journaling(false));
    Future<FileInfo> answer = call();
    awaitServed();

    leadSinceArrival.completeExceptionally(new NotLeaderException("m0:1", Optional.of("m1:1")));

    assertThatThrownBy(() -> answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(GrpcErrors.fromStatus(e, "m0:1"))
            .isInstanceOfSatisfying(NotLeaderException.class, n -> assertThat(n.leader()).contains("m1:1")));
  }

  @Test
  void aJournalingCallOnAMasterThatDoesNotLeadIsRefusedWithoutRunning() throws Exception {
    start(journaling(true));

    assertThatThrownBy(() -> call().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(GrpcErrors.fromStatus(e, "m0:1"))
            .isInstanceOf(NotLeaderException.class));
    assertThat(served).hasValue(0);
  }

  /** A lead check whose confirmation since a call arrived is {@link #leadSinceArrival}; none if not leading. */
  private LeaderOnly journaling(boolean notLeading) {
    LeaderOnly.Check check = new LeaderOnly.Check() {
      @Override
      public CompletableFuture<Void> leading() {
        return lead;
      }

      @Override
      public LeaderOnly.Deferred deferred() throws FerryException {
        if (notLeading) {
          throw new NotLeaderException("m0:1", Optional.of("m1:1"));
        }
        return () -> leadSinceArrival;
      }
    };
    return new LeaderOnly(check, executor, Set.of(FileSystemMasterServiceGrpc.getGetStatusMethod()));
  }

  private void awaitServed() throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (served.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(served).hasValue(1);
  }

  private void start() throws Exception {
    start(new LeaderOnly(() -> lead, executor));
  }

  private void start(LeaderOnly leaderOnly) throws Exception {
    server = GrpcServers.start("127.0.0.1", 0, TransportSecurity.plaintext(), executor,
        Set.of(FileSystemMasterServiceGrpc.getGetStatusMethod()),
        RpcMetrics.off(), leaderOnly.wrap(new Echo()));
    channel = GrpcChannels.forAddress("127.0.0.1", server.getPort(), TIMEOUT);
  }

  private Future<FileInfo> call() {
    return callers.submit(() -> FileSystemMasterServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS).getStatus(REQUEST));
  }
}
