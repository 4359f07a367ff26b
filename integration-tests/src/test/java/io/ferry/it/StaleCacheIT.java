package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.PropertyKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached file whose UFS copy changed in place is detected by its fingerprint and read again. */
class StaleCacheIT {
  @TempDir static Path dir;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster"))
        .masterProperty(PropertyKey.MASTER_UFS_SYNC_INTERVAL, "0")
        .start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static byte[] readAll(FerryClient client, String path) throws Exception {
    try (InputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void readAfterUfsFileChangedInPlaceReturnsTheNewBytes() throws Exception {
    Path ufsFile = cluster.rootUfs().resolve("stale/data.bin");
    byte[] before = TestFiles.randomBytes(3 << 20, 1);
    byte[] after = TestFiles.randomBytes(3 << 20, 2);
    Files.createDirectories(ufsFile.getParent());
    Files.write(ufsFile, before);

    try (FerryClient client = cluster.newClient()) {
      assertThat(readAll(client, "/stale/data.bin")).isEqualTo(before);
      assertThat(readAll(client, "/stale/data.bin")).isEqualTo(before);

      // Same length, new bytes, a later mtime: only the fingerprint tells.
      Files.write(ufsFile, after);
      Files.setLastModifiedTime(ufsFile, FileTime.from(Instant.now().plusSeconds(5)));

      assertThat(readAll(client, "/stale/data.bin")).isEqualTo(after);
    }
  }
}
