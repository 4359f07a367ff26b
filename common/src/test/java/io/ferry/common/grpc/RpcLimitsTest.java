package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.metrics.RpcMetrics;
import io.ferry.common.security.RpcLimits;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcLimitsTest {
  private static final int MAX_MESSAGE_BYTES = 1024;
  private static final int MAX_HEADER_LIST_BYTES = 2048;

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private Server server;
  private ManagedChannel channel;

  private static final class Ok extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
      observer.onNext(FileInfo.getDefaultInstance());
      observer.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    TransportSecurity limited = TransportSecurity.of(FerryConfiguration.builder()
        .set(PropertyKey.SECURITY_RPC_MAX_MESSAGE_SIZE, MAX_MESSAGE_BYTES)
        .set(PropertyKey.SECURITY_RPC_MAX_HEADER_LIST_SIZE, MAX_HEADER_LIST_BYTES).build());
    server = GrpcServers.start("127.0.0.1", 0, limited, executor, Set.of(), RpcMetrics.off(),
        new Ok());
    channel = GrpcChannels.forAddress("127.0.0.1", server.getPort(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    GrpcChannels.shutdown(channel);
    GrpcServers.stop(server);
    executor.shutdownNow();
  }

  @Test
  void aMessageAboveTheLimitIsRefusedAsResourceExhausted() throws Exception {
    byte[] request = GetStatusRequest.newBuilder().setPath("/" + "a".repeat(MAX_MESSAGE_BYTES)).build().toByteArray();

    Status status = RawCalls.call(channel, FileSystemMasterServiceGrpc.getGetStatusMethod(), request, new Metadata());

    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void headersAboveTheLimitFailTheCall() throws Exception {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-padding", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(2 * MAX_HEADER_LIST_BYTES));

    Status status = RawCalls.call(channel, FileSystemMasterServiceGrpc.getGetStatusMethod(),
        GetStatusRequest.getDefaultInstance().toByteArray(), headers);

    assertThat(status.isOk()).isFalse();
  }

  @Test
  void aRequestWithinTheLimitsIsServed() throws Exception {
    Status status = RawCalls.call(channel, FileSystemMasterServiceGrpc.getGetStatusMethod(),
        GetStatusRequest.newBuilder().setPath("/a").build().toByteArray(), new Metadata());

    assertThat(status.isOk()).isTrue();
  }

  @Test
  void aLimitOfZeroIsRefusedNamingItsKey() {
    FerryConfiguration conf = FerryConfiguration.builder().set(PropertyKey.SECURITY_RPC_MAX_CONCURRENT_CALLS, 0)
        .build();

    assertThatThrownBy(() -> RpcLimits.of(conf)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.security.rpc.max.concurrent.calls");
  }
}
