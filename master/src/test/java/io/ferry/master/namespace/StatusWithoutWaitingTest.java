package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.master.TestMaster;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's getStatus fast path, run on the transport thread: it answers only what needs no waiting. */
class StatusWithoutWaitingTest {
  @TempDir
  Path tmp;
  private TestMaster master;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp, "1h"); // loaded metadata stays current for the test
    Files.createDirectories(master.ufsRoot.resolve("a"));
    Files.writeString(master.ufsRoot.resolve("a/data.txt"), "hello");
  }

  @AfterEach
  void stop() {
    master.close();
  }

  private static GetStatusRequest status(String path) {
    return GetStatusRequest.newBuilder().setPath(path).build();
  }

  @Test
  void loadedFileIsAnsweredFromTheMetastore() throws IOException {
    FileInfo loaded = master.stat("/a/data.txt");

    assertThat(master.fs().getStatusWithoutWaiting(status("/a/data.txt"))).contains(loaded);
  }

  @Test
  void fileNotLoadedFromTheUfsYetIsLeftToTheBlockingPath() throws IOException {
    assertThat(master.fs().getStatusWithoutWaiting(status("/a/data.txt"))).isEmpty();
    assertThat(master.stat("/a/data.txt").getLength()).isEqualTo(5);
  }

  @Test
  void metadataDueForAUfsCheckIsLeftToTheBlockingPath() throws IOException {
    master.close();
    master = TestMaster.start(tmp, "0s"); // every access re-checks the UFS
    master.stat("/a/data.txt");

    assertThat(master.fs().getStatusWithoutWaiting(status("/a/data.txt"))).isEmpty();
  }

  @Test
  void statusAskedToSyncWithTheUfsIsLeftToTheBlockingPath() throws IOException {
    master.stat("/a/data.txt");

    assertThat(master.fs().getStatusWithoutWaiting(status("/a/data.txt").toBuilder().setSync(true).build()))
        .isEmpty();
  }
}
