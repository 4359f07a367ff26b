package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.master.TestMaster;
import io.ferry.common.error.FerryException;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.MountRequest;
import io.ferry.proto.SetReplicationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replication factor of paths: default 1, set per file or directory, inherited, per mount. */
class ReplicationFactorTest {
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

  private int replicationOf(String path) throws FerryException {
    return fs.getStatus(GetStatusRequest.newBuilder().setPath(path).build()).getReplication();
  }

  private void setReplication(String path, int factor) throws FerryException {
    fs.setReplication(SetReplicationRequest.newBuilder().setPath(path).setReplication(factor).build());
  }

  @Test
  void filesLoadedFromTheUfsHaveReplicationOneByDefault() throws IOException {
    Files.writeString(master.ufsRoot.resolve("f"), "x");

    assertThat(replicationOf("/f")).isEqualTo(1);
  }

  @Test
  void settingADirectorySetsWhatIsLoadedBelowItAndWhatIsLoadedLater() throws IOException {
    Files.createDirectories(master.ufsRoot.resolve("d/sub"));
    Files.writeString(master.ufsRoot.resolve("d/early"), "x");
    replicationOf("/d/early");

    setReplication("/d", 3);
    Files.writeString(master.ufsRoot.resolve("d/sub/late"), "x");

    assertThat(replicationOf("/d/early")).isEqualTo(3);
    assertThat(replicationOf("/d/sub/late")).isEqualTo(3);
    fs.createFile(CreateFileRequest.newBuilder().setPath("/d/created").build());
    assertThat(replicationOf("/d/created")).isEqualTo(3);
  }

  @Test
  void aMountOptionSetsTheFactorOfTheMountsFiles() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("f"), "x");

    fs.mount(MountRequest.newBuilder().setFerryPath("/m").setUfsUri(other.toString())
        .putOptions("replication", "2").build());

    assertThat(replicationOf("/m/f")).isEqualTo(2);
  }

  @Test
  void aFactorOutsideOneToSixteenIsRefusedNamingThePath() throws IOException {
    Files.writeString(master.ufsRoot.resolve("f"), "x");

    assertThatThrownBy(() -> setReplication("/f", 0)).isInstanceOf(FerryException.class)
        .hasMessageContaining("/f").hasMessageContaining("between 1 and 16")
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(replicationOf("/f")).isEqualTo(1);
  }

  @Test
  void aMalformedReplicationMountOptionIsRefused() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));

    assertThatThrownBy(() -> fs.mount(MountRequest.newBuilder().setFerryPath("/m").setUfsUri(other.toString())
        .putOptions("replication", "two").build()))
        .isInstanceOf(FerryException.class).hasMessageContaining("Mount option replication");
  }
}
