package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.SetPinnedRequest;
import io.ferry.proto.TierUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinned paths: per file or directory, inherited below a directory, refused beyond the workers' capacity. */
class PinTest {
  @TempDir
  Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    fs = master.fs();
    master.master().workers().register(RegisterWorkerRequest.newBuilder().setHost("w").setRpcPort(1)
        .addTiers(TierUsage.newBuilder().setAlias("MEM").setCapacityBytes(100)).build());
  }

  @AfterEach
  void stop() {
    master.close();
  }

  private boolean pinned(String path) throws FerryException {
    return fs.getStatus(GetStatusRequest.newBuilder().setPath(path).build()).getPinned();
  }

  private void setPinned(String path, boolean pinned) throws FerryException {
    fs.setPinned(SetPinnedRequest.newBuilder().setPath(path).setPinned(pinned).build());
  }

  @Test
  void pinningADirectoryPinsWhatIsLoadedBelowItAndWhatIsLoadedOrCreatedLater() throws IOException {
    Files.createDirectories(master.ufsRoot.resolve("d/sub"));
    Files.writeString(master.ufsRoot.resolve("d/early"), "x");
    pinned("/d/early");

    setPinned("/d", true);
    Files.writeString(master.ufsRoot.resolve("d/sub/late"), "x");
    fs.createFile(CreateFileRequest.newBuilder().setPath("/d/created").build());

    assertThat(pinned("/d/early")).isTrue();
    assertThat(pinned("/d/sub/late")).isTrue();
    assertThat(pinned("/d/created")).isTrue();
  }

  @Test
  void unpinningADirectoryUnpinsEverythingBelowIt() throws IOException {
    Files.createDirectories(master.ufsRoot.resolve("d"));
    Files.writeString(master.ufsRoot.resolve("d/f"), "x");
    setPinned("/d", true);

    setPinned("/d", false);

    assertThat(pinned("/d/f")).isFalse();
  }

  @Test
  void aPinBeyondTheWorkersCapacityIsRefusedNamingTheSizes() throws IOException {
    Files.writeString(master.ufsRoot.resolve("a"), "x".repeat(60));
    Files.writeString(master.ufsRoot.resolve("b"), "x".repeat(60));
    setPinned("/a", true);

    assertThatThrownBy(() -> setPinned("/b", true)).isInstanceOf(FerryException.class)
        .hasMessage("Cannot pin /b: its 60 bytes and the 60 bytes pinned already would be more than the 100 bytes "
            + "the 1 live worker(s) can cache")
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.NO_SPACE));
    assertThat(pinned("/b")).isFalse();
  }

  @Test
  void pinsSurviveARestart() throws IOException {
    Files.writeString(master.ufsRoot.resolve("f"), "x");
    setPinned("/f", true);

    master = master.restart();

    assertThat(master.fs().getStatus(GetStatusRequest.newBuilder().setPath("/f").build()).getPinned()).isTrue();
  }
}
