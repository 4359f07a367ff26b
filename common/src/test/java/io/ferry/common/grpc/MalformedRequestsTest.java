package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MalformedRequestsTest {
  /** Bytes no protobuf message parses: a tag with wire type 7. */
  private static final byte[] MALFORMED = {(byte) 0x0f, (byte) 0xff, (byte) 0xff};

  private final AtomicInteger calls = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  /** Answers GetStatus with the path it was asked for, counting calls. */
  private final class Echo extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
      calls.incrementAndGet();
      observer.onNext(FileInfo.newBuilder().setPath(request.getPath()).build());
      observer.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = GrpcServers.start("127.0.0.1", 0, new Echo());
    channel = GrpcChannels.forAddress("127.0.0.1", server.getPort(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    GrpcChannels.shutdown(channel);
    GrpcServers.stop(server);
  }

  @Test
  void aRequestThatDoesNotParseIsRefusedAsInvalidNamingTheMethodAndNeverReachesTheService() throws Exception {
    Status status = RawCalls.call(channel, FileSystemMasterServiceGrpc.getGetStatusMethod(), MALFORMED,
        new Metadata());

    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).startsWith("Malformed request to ferry.FileSystemMasterService/GetStatus: ");
    assertThat(calls).hasValue(0);
  }

  @Test
  void aWellFormedRequestIsServed() {
    FileInfo answer = FileSystemMasterServiceGrpc.newBlockingStub(channel)
        .getStatus(GetStatusRequest.newBuilder().setPath("/a").build());

    assertThat(answer.getPath()).isEqualTo("/a");
    assertThat(calls).hasValue(1);
  }
}
