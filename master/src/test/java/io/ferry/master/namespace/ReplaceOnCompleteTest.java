package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.SetAttributesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A completion that replaces another file (CompleteFile's replaces_file_id): how an append or a truncate
 * publishes the new version it wrote under a temporary name.
 */
class ReplaceOnCompleteTest {
  @TempDir
  Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    fs = master.fs();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  /** Writes {@code content} to {@code tempPath} as the new version of {@code original}, as a client and worker do. */
  private FileInfo writeNewVersion(String tempPath, FileInfo original, String content) throws IOException {
    FileInfo created = fs.createFile(CreateFileRequest.newBuilder().setPath(tempPath).build());
    Path file = Path.of(created.getUfsUri());
    Files.writeString(file, content);
    return fs.completeFile(CompleteFileRequest.newBuilder().setFileId(created.getId()).setPath(tempPath)
        .setLength(content.length()).setFingerprint(TestMaster.ufsFingerprint(file))
        .setReplacesFileId(original.getId()).build());
  }

  @Test
  void theNewVersionTakesTheOriginalsNameInFerryAndInTheUnderStorage() throws IOException {
    FileInfo original = master.writeFile("/d/log", "old");

    FileInfo replaced = writeNewVersion("/d/.log.ferry-append", original, "old+new");

    assertThat(replaced.getPath()).isEqualTo("/d/log");
    assertThat(master.stat("/d/log").getLength()).isEqualTo(7);
    assertThat(master.names("/d")).containsExactly("log");
    assertThat(Files.readString(master.ufsRoot.resolve("d/log"))).isEqualTo("old+new");
    assertThat(master.ufsRoot.resolve("d/.log.ferry-append")).doesNotExist();
  }

  @Test
  void theNewVersionKeepsTheOriginalsMode() throws IOException {
    FileInfo original = master.writeFile("/log", "old");
    fs.setAttributes(SetAttributesRequest.newBuilder().setPath("/log").setMode(0600).build());

    writeNewVersion("/.log.ferry-append", original, "new");

    assertThat(master.stat("/log").getMode()).isEqualTo(0600);
  }

  @Test
  void aFileRenamedWhileItsNewVersionIsWrittenIsReplacedUnderItsNewName() throws IOException {
    FileInfo original = master.writeFile("/a/log", "old");
    fs.rename(RenameRequest.newBuilder().setSrc("/a/log").setDst("/a/renamed").build());

    writeNewVersion("/a/.log.ferry-append", original, "old+new");

    assertThat(master.names("/a")).containsExactly("renamed");
    assertThat(Files.readString(master.ufsRoot.resolve("a/renamed"))).isEqualTo("old+new");
  }

  @Test
  void aRetriedCompletionOfAVersionAlreadyInPlaceAnswersAgainAndChangesNothing() throws IOException {
    FileInfo original = master.writeFile("/log", "old");
    FileInfo created = fs.createFile(CreateFileRequest.newBuilder().setPath("/.log.ferry-append").build());
    Path file = Path.of(created.getUfsUri());
    Files.writeString(file, "old+new");
    CompleteFileRequest completion = CompleteFileRequest.newBuilder().setFileId(created.getId())
        .setPath("/.log.ferry-append").setLength(7).setFingerprint(TestMaster.ufsFingerprint(file))
        .setReplacesFileId(original.getId()).build();
    fs.completeFile(completion);

    fs.completeFile(completion);

    assertThat(master.stat("/log").getId()).isEqualTo(created.getId());
    assertThat(Files.readString(master.ufsRoot.resolve("log"))).isEqualTo("old+new");
  }

  @Test
  void aFileDeletedWhileItsNewVersionIsWrittenFailsTheCompletion() throws IOException {
    FileInfo original = master.writeFile("/log", "old");
    fs.delete(DeleteRequest.newBuilder().setPath("/log").build());

    assertThatThrownBy(() -> writeNewVersion("/.log.ferry-append", original, "new"))
        .isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("no longer exists");
    assertThat(master.stat("/.log.ferry-append").getComplete()).isFalse();
  }
}
