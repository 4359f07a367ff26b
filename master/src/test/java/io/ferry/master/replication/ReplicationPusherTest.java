package io.ferry.master.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.security.DaemonCredentials;
import io.ferry.common.security.TransportSecurity;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.ReplicateBlock;
import io.ferry.proto.ReplicateBlocksRequest;
import io.ferry.proto.ReplicateBlocksResponse;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Copies reach a worker's WorkerReplicationService at once; a failed push leaves them for the heartbeat. */
class ReplicationPusherTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ReplicateBlock COPY = ReplicateBlock.newBuilder().setBlockId(7).setLength(100)
      .setFingerprint("fp").setSource(WorkerAddress.newBuilder().setWorkerId(1).setHost("localhost")).build();

  private final WorkerRegistry registry =
      new WorkerRegistry(new BlockLocations(), System::currentTimeMillis, Duration.ofMinutes(1), id -> true);
  private final ReplicationCommands commands = new ReplicationCommands(Duration.ofMinutes(1));
  private final ReplicationPusher pusher = new ReplicationPusher(commands, registry, TIMEOUT,
      TransportSecurity.plaintext(), DaemonCredentials.NONE, TIMEOUT);
  private Server worker;

  /** A worker's replication service that records what it is sent. */
  private static final class RecordingWorker extends WorkerReplicationServiceGrpc.WorkerReplicationServiceImplBase {
    final BlockingQueue<ReplicateBlock> received = new LinkedBlockingQueue<>();

    @Override
    public void replicateBlocks(ReplicateBlocksRequest request, StreamObserver<ReplicateBlocksResponse> observer) {
      received.addAll(request.getCopiesList());
      observer.onNext(ReplicateBlocksResponse.getDefaultInstance());
      observer.onCompleted();
    }
  }

  @AfterEach
  void stop() {
    pusher.close();
    if (worker != null) {
      GrpcServers.stop(worker);
    }
  }

  @Test
  void queuedCopiesArePushedToTheirWorkerAtOnce() throws Exception {
    RecordingWorker service = new RecordingWorker();
    worker = GrpcServers.start("localhost", 0, service);
    long id = register(worker.getPort());
    commands.send(id, COPY);

    pusher.push();

    assertThat(service.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(COPY);
    assertThat(commands.take(id)).isEmpty();
  }

  @Test
  void copiesOfAPushThatFailsGoWithTheWorkersNextHeartbeat() throws Exception {
    long id = register(closedPort());
    commands.send(id, COPY);

    pusher.push();

    assertThat(awaitQueued(id)).containsExactly(COPY);
  }

  private long register(int port) {
    return registry.register(RegisterWorkerRequest.newBuilder().setHost("localhost").setRpcPort(port).build());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The worker's queue once the failed push put its copies back. */
  private List<ReplicateBlock> awaitQueued(long workerId) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<ReplicateBlock> queued = commands.take(workerId);
    while (queued.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      queued = commands.take(workerId);
    }
    return queued;
  }
}
