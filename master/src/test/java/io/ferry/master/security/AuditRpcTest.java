package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.security.ClientCredentials;
import io.ferry.master.FerryMaster;
import io.ferry.master.TestMaster;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.CreateFilesRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.RenameRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a master with authentication NONE, the default: on unless
 * ferry.security.audit.enabled is false, one line per change with the user
 * the client claims; reads are not audited.
 */
class AuditRpcTest {
  @TempDir Path tmp;
  private FerryMaster master;
  private ManagedChannel channel;
  private final AuditCapture audit = new AuditCapture();

  private FileSystemMasterServiceBlockingStub carol(FerryConfiguration.Builder settings) throws Exception {
    master = new FerryMaster(settings.build());
    master.start();
    channel = GrpcChannels.forAddress("127.0.0.1", master.port(), Duration.ofSeconds(5));
    return FileSystemMasterServiceGrpc.newBlockingStub(channel)
        .withInterceptors(new ClientCredentials("carol", Optional.empty()));
  }

  private FileSystemMasterServiceBlockingStub carol() throws Exception {
    return carol(TestMaster.settings(tmp));
  }

  @AfterEach
  void stop() {
    audit.close();
    if (channel != null) {
      GrpcChannels.shutdown(channel);
    }
    if (master != null) {
      master.close();
    }
  }

  @Test
  void aChangeIsOneLineWithTheUserTheClientClaims() throws Exception {
    carol().createDirectory(CreateDirectoryRequest.newBuilder().setPath("/data").build());

    assertThat(audit.lines())
        .containsExactly("allowed=true\tuser=carol\tip=127.0.0.1\tcmd=createDirectory\tsrc=/data\tdst=null");
  }

  @Test
  void aRenameNamesBothPaths() throws Exception {
    FileSystemMasterServiceBlockingStub carol = carol();
    carol.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/a").build());
    carol.rename(RenameRequest.newBuilder().setSrc("/a").setDst("/b").build());

    assertThat(audit.lines()).last().isEqualTo("allowed=true\tuser=carol\tip=127.0.0.1\tcmd=rename\tsrc=/a\tdst=/b");
  }

  @Test
  void aFileWrittenIsOneLineCompletingItAddsNone() throws Exception {
    FileSystemMasterServiceBlockingStub carol = carol();
    FileInfo file = carol.createFile(CreateFileRequest.newBuilder().setPath("/f").build());
    carol.completeFile(CompleteFileRequest.newBuilder().setFileId(file.getId()).setPath("/f").build());

    assertThat(audit.lines()).containsExactly("allowed=true\tuser=carol\tip=127.0.0.1\tcmd=createFile\tsrc=/f\tdst=null");
  }

  @Test
  void aBatchOfCreatesIsOneLinePerFile() throws Exception {
    carol().createFiles(CreateFilesRequest.newBuilder().setDirectory("/").addNames("x").addNames("y").build());

    assertThat(audit.lines()).containsExactly(
        "allowed=true\tuser=carol\tip=127.0.0.1\tcmd=createFiles\tsrc=/x\tdst=null",
        "allowed=true\tuser=carol\tip=127.0.0.1\tcmd=createFiles\tsrc=/y\tdst=null");
  }

  @Test
  void readsAreNotAudited() throws Exception {
    carol().getStatus(GetStatusRequest.newBuilder().setPath("/").build());

    assertThat(audit.lines()).isEmpty();
  }

  @Test
  void turnedOffNothingIsAudited() throws Exception {
    carol(TestMaster.settings(tmp).set(PropertyKey.SECURITY_AUDIT_ENABLED, false))
        .createDirectory(CreateDirectoryRequest.newBuilder().setPath("/data").build());

    assertThat(audit.lines()).isEmpty();
  }
}
