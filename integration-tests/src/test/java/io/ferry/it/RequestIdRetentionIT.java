package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master answers a retried mutation with its first answer while it remembers
 * the request id, and forgets the id after {@code ferry.master.request.id.retention}.
 */
class RequestIdRetentionIT {
  private static final Duration RETENTION = Duration.ofSeconds(2);

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static ManagedChannel channel;
  private static FileSystemMasterServiceBlockingStub master;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.MASTER_REQUEST_ID_RETENTION, RETENTION.toSeconds() + "s")
        .start();
    channel = GrpcChannels.forAddress("localhost", cluster.masterPort(), Duration.ofSeconds(30));
    master = FileSystemMasterServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    GrpcChannels.shutdown(channel);
    cluster.close();
  }

  @Test
  void aRetryWithinTheRetentionGetsTheFirstAnswer() {
    CreateFileRequest create = CreateFileRequest.newBuilder().setPath("/kept").setRequestId("retry-kept").build();
    long first = master.createFile(create).getId();

    assertThat(master.createFile(create).getId()).isEqualTo(first);
  }

  @Test
  void aRetryAfterTheRetentionIsANewRequest() throws Exception {
    CreateFileRequest create = CreateFileRequest.newBuilder().setPath("/forgotten").setRequestId("retry-gone")
        .build();
    master.createFile(create);

    // Forgotten by the leader's next check after the retention: the retry is then a create of an existing path.
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Optional<ErrorCode> refused = retry(create);
    while (refused.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
      refused = retry(create);
    }
    assertThat(refused).contains(ErrorCode.ALREADY_EXISTS);
  }

  private static Optional<ErrorCode> retry(CreateFileRequest create) {
    try {
      master.createFile(create);
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      return Optional.of(GrpcErrors.fromStatus(e, "master").code());
    }
  }
}
