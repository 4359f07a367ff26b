package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFilesRequest;
import io.ferry.proto.FileInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CreateFiles: many complete empty files in one call, all or none. */
class CreateFilesTest {
  @TempDir Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp, "60s");
    fs = master.fs();
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/d").build());
  }

  @AfterEach
  void stop() {
    master.close();
  }

  private static CreateFilesRequest create(String dir, String... names) {
    return CreateFilesRequest.newBuilder().setDirectory(dir).addAllNames(List.of(names)).build();
  }

  @Test
  void createsCompleteEmptyFiles() throws IOException {
    assertThat(fs.createFiles(create("/d", "a", "b", "c"))).isEqualTo(3);

    assertThat(master.names("/d")).containsExactly("a", "b", "c");
    FileInfo a = master.stat("/d/a");
    assertThat(a.getComplete()).isTrue();
    assertThat(a.getLength()).isZero();
  }

  @Test
  void anExistingNameFailsTheWholeCall() throws IOException {
    fs.createFiles(create("/d", "b"));

    assertThatThrownBy(() -> fs.createFiles(create("/d", "a", "b")))
        .isInstanceOf(FerryException.class).hasMessageContaining("Already exists: /d/b");
    assertThat(master.names("/d")).containsExactly("b");
  }

  @Test
  void aNameWithASlashIsRefused() {
    assertThatThrownBy(() -> fs.createFiles(create("/d", "x/y")))
        .isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_PATH))
        .hasMessageContaining("Invalid file name 'x/y' to create in /d");
  }

  @Test
  void aMissingDirectoryIsNotFound() {
    assertThatThrownBy(() -> fs.createFiles(create("/nope", "a")))
        .isInstanceOf(FerryException.class).hasMessageContaining("/nope");
  }
}
