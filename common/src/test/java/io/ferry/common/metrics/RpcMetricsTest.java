package io.ferry.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.DaemonThreads;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.ListStatusResponse;
import io.ferry.common.security.TransportSecurity;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RpcMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("rpc"));
  /** Short, so that the never-ending listing below becomes a slow request within the test. */
  private final RpcMetrics metrics = RpcMetrics.counting(registry, Duration.ofMillis(200));
  private Server server;
  private ManagedChannel channel;
  private FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub stub;

  /** Knows only the file "/ok"; a listing sends one page and never ends. */
  private static final class OneFile extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
    @Override
    public void listStatus(ListStatusRequest request, StreamObserver<ListStatusResponse> observer) {
      observer.onNext(ListStatusResponse.getDefaultInstance());
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
      if (request.getPath().equals("/ok")) {
        observer.onNext(FileInfo.newBuilder().setPath("/ok").build());
        observer.onCompleted();
      } else {
        observer.onError(Status.NOT_FOUND.withDescription(request.getPath()).asRuntimeException());
      }
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = GrpcServers.start("127.0.0.1", 0, TransportSecurity.plaintext(), executor, Set.of(), metrics, new OneFile());
    channel = GrpcChannels.forAddress("127.0.0.1", server.getPort(), Duration.ofSeconds(5));
    stub = FileSystemMasterServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    GrpcChannels.shutdown(channel);
    GrpcServers.stop(server);
    executor.shutdownNow();
    metrics.close();
  }

  @Test
  void countsRequestsErrorsByCodeAndLatencyPerMethod() throws IOException {
    stub.getStatus(GetStatusRequest.newBuilder().setPath("/ok").build());
    assertThatThrownBy(() -> stub.getStatus(GetStatusRequest.newBuilder().setPath("/missing").build()));

    String text = exposition();

    assertThat(text).contains("ferry_rpc_requests_total{method=\"GetStatus\"} 2.0")
        .contains("ferry_rpc_errors_total{code=\"NOT_FOUND\",method=\"GetStatus\"} 1.0")
        .contains("ferry_rpc_duration_seconds_count{method=\"GetStatus\"} 2")
        .doesNotContain("/missing");
  }

  @Test
  void aStreamTheClientCancelsIsCountedOnceAsCancelled() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(() -> stub.listStatus(ListStatusRequest.getDefaultInstance()).next());
    context.cancel(null);

    String listings = "ferry_rpc_requests_total{method=\"ListStatus\"}";
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!exposition().contains(listings) && System.nanoTime() < deadline) {
      Thread.sleep(20); // the server learns of the cancellation asynchronously
    }

    assertThat(exposition()).contains(listings + " 1.0")
        .contains("ferry_rpc_errors_total{code=\"CANCELLED\",method=\"ListStatus\"} 1.0");
  }

  @Test
  void aCallStillRunningIsInFlightAndCountedAsSlowOnceItPassesTheThreshold() throws Exception {
    Context.CancellableContext context = Context.current().withCancellation();
    context.run(() -> stub.listStatus(ListStatusRequest.getDefaultInstance()).next());

    String slow = "ferry_rpc_slow_requests_total{operation=\"ListStatus\"} 1.0";
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!exposition().contains(slow) && System.nanoTime() < deadline) {
      Thread.sleep(20); // the watchdog checks every 50 ms
    }

    assertThat(exposition()).contains(slow).contains("ferry_rpc_requests_in_flight 1.0");
    context.cancel(null);
  }

  @Test
  void offAnswersCallsWithoutCountingThem() throws IOException {
    Server off = GrpcServers.start("127.0.0.1", 0, TransportSecurity.plaintext(), executor, Set.of(),
        RpcMetrics.off(), new OneFile());
    ManagedChannel offChannel = GrpcChannels.forAddress("127.0.0.1", off.getPort(), Duration.ofSeconds(5));
    try {
      FileInfo answer = FileSystemMasterServiceGrpc.newBlockingStub(offChannel)
          .getStatus(GetStatusRequest.newBuilder().setPath("/ok").build());

      assertThat(answer.getPath()).isEqualTo("/ok");
      assertThat(exposition()).doesNotContain("ferry_rpc_requests_total{");
    } finally {
      GrpcChannels.shutdown(offChannel);
      GrpcServers.stop(off);
    }
  }

  private String exposition() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
