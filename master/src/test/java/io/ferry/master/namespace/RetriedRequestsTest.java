package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.master.TestMaster;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.RenameRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mutation retried with its request id (after a lost answer or a failover) is applied once. */
class RetriedRequestsTest {
  private static final Duration RETENTION = Duration.ofMinutes(10);
  @TempDir Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp, "60s");
    fs = master.fs();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void aRetriedCreateReturnsTheFileItCreatedInsteadOfAlreadyExists() throws IOException {
    CreateFileRequest create = CreateFileRequest.newBuilder().setPath("/f").setRequestId("client-1").build();
    FileInfo first = fs.createFile(create);
    long inodes = fs.inodeCount();

    FileInfo retried = fs.createFile(create);

    assertThat(retried.getId()).isEqualTo(first.getId());
    assertThat(fs.inodeCount()).isEqualTo(inodes);
  }

  @Test
  void aRetriedMkdirReturnsTheDirectoryItCreated() throws IOException {
    CreateDirectoryRequest mkdir = CreateDirectoryRequest.newBuilder().setPath("/d").setRequestId("client-2").build();
    FileInfo first = fs.createDirectory(mkdir);

    assertThat(fs.createDirectory(mkdir).getId()).isEqualTo(first.getId());
  }

  @Test
  void aRetriedDeleteSucceedsAlthoughThePathIsGone() throws IOException {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/gone").build());
    DeleteRequest delete = DeleteRequest.newBuilder().setPath("/gone").setRequestId("client-3").build();
    fs.delete(delete);

    fs.delete(delete);

    assertThat(master.names("/")).doesNotContain("gone");
  }

  @Test
  void aRetriedRenameSucceedsAlthoughTheSourceMoved() throws IOException {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/src").build());
    RenameRequest rename = RenameRequest.newBuilder().setSrc("/src").setDst("/dst").setRequestId("client-4").build();
    fs.rename(rename);

    fs.rename(rename);

    assertThat(master.names("/")).contains("dst").doesNotContain("src");
  }

  @Test
  void anotherRequestForAnExistingPathStillFails() throws IOException {
    fs.createFile(CreateFileRequest.newBuilder().setPath("/f").setRequestId("client-5").build());

    assertThatThrownBy(
        () -> fs.createFile(CreateFileRequest.newBuilder().setPath("/f").setRequestId("client-6").build()))
        .hasMessageContaining("Already exists: /f");
  }

  @Test
  void aRequestIdOlderThanTheRetentionIsForgotten() throws IOException {
    CreateFileRequest create = CreateFileRequest.newBuilder().setPath("/old").setRequestId("client-7").build();
    fs.createFile(create);

    assertThat(expiryAt(System.currentTimeMillis() + RETENTION.toMillis() + 1).forgetExpired()).isEqualTo(1);

    assertThatThrownBy(() -> fs.createFile(create)).hasMessageContaining("Already exists: /old");
  }

  @Test
  void aRequestIdWithinTheRetentionIsKept() throws IOException {
    CreateFileRequest create = CreateFileRequest.newBuilder().setPath("/new").setRequestId("client-8").build();
    FileInfo first = fs.createFile(create);

    assertThat(expiryAt(System.currentTimeMillis()).forgetExpired()).isZero();

    assertThat(fs.createFile(create).getId()).isEqualTo(first.getId());
  }

  @Test
  void aForgottenRequestIdStaysForgottenAfterARestart() throws IOException {
    CreateFileRequest create = CreateFileRequest.newBuilder().setPath("/f").setRequestId("client-9").build();
    fs.createFile(create);
    expiryAt(System.currentTimeMillis() + RETENTION.toMillis() + 1).forgetExpired();

    master = master.restart();

    assertThatThrownBy(() -> master.fs().createFile(create)).hasMessageContaining("Already exists: /f");
  }

  private RequestIdExpiry expiryAt(long nowMs) {
    return new RequestIdExpiry(master.fs(), () -> nowMs, RETENTION);
  }
}
