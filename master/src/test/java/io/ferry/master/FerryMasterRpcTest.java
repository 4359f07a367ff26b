package io.ferry.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetClusterReportRequest;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.ListStatusResponse;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerMasterServiceGrpc;
import io.ferry.proto.WorkerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerryMasterRpcTest {
  @TempDir
  Path tmp;
  private TestMaster master;
  private ManagedChannel channel;
  private FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub fs;
  private WorkerMasterServiceGrpc.WorkerMasterServiceBlockingStub workers;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    channel = GrpcChannels.forAddress("127.0.0.1", master.master().port(), Duration.ofSeconds(5));
    fs = FileSystemMasterServiceGrpc.newBlockingStub(channel);
    workers = WorkerMasterServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    GrpcChannels.shutdown(channel);
    master.close();
  }

  @Test
  void errorsCarryTheirFerryCodeAcrossTheWire() {
    assertThatThrownBy(() -> fs.getStatus(GetStatusRequest.newBuilder().setPath("/missing").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          FerryException fe = GrpcErrors.fromStatus(e, "master");
          assertThat(fe.code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(fe).hasMessageContaining("/missing");
        });
  }

  @Test
  void listingStreamsPages() throws IOException {
    for (int i = 0; i < 10; i++) {
      Files.writeString(master.ufsRoot.resolve("f" + i), "x");
    }
    List<Integer> sizes = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath("/").setPageSize(4).build())
        .forEachRemaining((ListStatusResponse r) -> sizes.add(r.getEntriesCount()));
    assertThat(sizes).containsExactly(4, 4, 2);
  }

  @Test
  void blockLocationsComeFromWorkerHeartbeatsAndChangedFilesLoseThem() throws IOException {
    Files.writeString(master.ufsRoot.resolve("f"), "hello");
    FileInfo file = fs.getStatus(GetStatusRequest.newBuilder().setPath("/f").build());
    long block = BlockIds.of(file.getId(), 0);
    long workerId = workers.registerWorker(RegisterWorkerRequest.newBuilder().setHost("w1").setRpcPort(29999)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(1000).setUsedBytes(5))
        .addBlockIds(block).build()).getWorkerId();
    workers.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(workerId)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(1000).setUsedBytes(5))
        .setMetrics(WorkerMetrics.newBuilder().setCacheHits(3).setCacheMisses(1)).build());

    FileInfo withBlocks = fs.getStatus(GetStatusRequest.newBuilder().setPath("/f").setIncludeBlocks(true).build());
    assertThat(withBlocks.getBlocksList()).singleElement().satisfies(b -> {
      assertThat(b.getBlockId()).isEqualTo(block);
      assertThat(b.getLength()).isEqualTo(5);
      assertThat(b.getLocationsList()).singleElement().satisfies(w -> assertThat(w.getHost()).isEqualTo("w1"));
    });
    var report = fs.getClusterReport(GetClusterReportRequest.getDefaultInstance());
    assertThat(report.getCachedBlocks()).isEqualTo(1);
    assertThat(report.getCapacityBytes()).isEqualTo(1000);
    assertThat(report.getCacheHits()).isEqualTo(3);
    assertThat(report.getInodeCount()).isEqualTo(2);

    Files.writeString(master.ufsRoot.resolve("f"), "changed!");
    fs.getStatus(GetStatusRequest.newBuilder().setPath("/f").build());

    assertThat(workers.heartbeat(HeartbeatRequest.newBuilder().setWorkerId(workerId).build())
        .getRemoveBlockIdsList()).containsExactly(block);
    assertThat(fs.getStatus(GetStatusRequest.newBuilder().setPath("/f").setIncludeBlocks(true).build())
        .getBlocks(0).getLocationsList()).isEmpty();
  }

  @Test
  void relativeRootUfsIsResolvedAgainstTheWorkingDirectory() throws IOException {
    assertThat(FerryMaster.rootUfsUri(tmp.resolve("a/../root").toString())).isEqualTo(tmp.resolve("root").toString());
    assertThat(Files.isDirectory(tmp.resolve("root"))).isTrue();
    assertThat(Path.of(FerryMaster.rootUfsUri("rel-root-for-test"))).isAbsolute();
    Files.delete(Path.of("rel-root-for-test"));
  }
}
