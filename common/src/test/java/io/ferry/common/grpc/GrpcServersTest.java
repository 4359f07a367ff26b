package io.ferry.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.DaemonThreads;
import io.ferry.common.metrics.RpcMetrics;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetMountTableRequest;
import io.ferry.proto.GetMountTableResponse;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.MountInfo;
import io.ferry.common.security.TransportSecurity;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcServersTest {
  private static final String EXECUTOR_THREAD = "test-executor";

  private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named(EXECUTOR_THREAD));
  private Server server;
  private ManagedChannel channel;
  private FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub stub;

  /** Answers each call with the name of the thread that ran it. */
  private static final class ThreadNames extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
      observer.onNext(FileInfo.newBuilder().setPath(Thread.currentThread().getName()).build());
      observer.onCompleted();
    }

    @Override
    public void getMountTable(GetMountTableRequest request, StreamObserver<GetMountTableResponse> observer) {
      observer.onNext(GetMountTableResponse.newBuilder()
          .addMounts(MountInfo.newBuilder().setFerryPath(Thread.currentThread().getName())).build());
      observer.onCompleted();
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = GrpcServers.start("127.0.0.1", 0, TransportSecurity.plaintext(), executor, Set.of(FileSystemMasterServiceGrpc.getGetStatusMethod()),
        RpcMetrics.off(), new ThreadNames());
    channel = GrpcChannels.forAddress("127.0.0.1", server.getPort(), Duration.ofSeconds(5));
    stub = FileSystemMasterServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    GrpcChannels.shutdown(channel);
    GrpcServers.stop(server);
    executor.shutdownNow();
  }

  @Test
  void inlineMethodRunsOnTheTransportThread() {
    String thread = stub.getStatus(GetStatusRequest.getDefaultInstance()).getPath();

    assertThat(thread).isNotEqualTo(EXECUTOR_THREAD).isNotEqualTo(Thread.currentThread().getName());
  }

  @Test
  void otherMethodsRunOnTheExecutor() {
    String thread = stub.getMountTable(GetMountTableRequest.getDefaultInstance()).getMounts(0).getFerryPath();

    assertThat(thread).isEqualTo(EXECUTOR_THREAD);
  }
}
