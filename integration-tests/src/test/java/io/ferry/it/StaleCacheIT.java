package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
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

/**
 * A file that changed in its UFS is detected by its fingerprint: a cached copy
 * is read again, and a reader holding an older status reads the new version
 * whole, never the new bytes cut to the old length.
 */
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

  @Test
  void fileReplacedBetweenItsListingAndItsReadIsReadWholeAtItsNewVersion() throws Exception {
    Path ufsFile = cluster.rootUfs().resolve("listed/data.bin");
    byte[] before = TestFiles.randomBytes(1 << 20, 3);
    byte[] after = TestFiles.randomBytes(3 << 20, 4); // longer: a mix would be its first MiB
    Files.createDirectories(ufsFile.getParent());
    Files.write(ufsFile, before);

    try (FerryClient client = cluster.newClient()) {
      PathStatus listed = client.listStatus("/listed", false).get(0);
      Files.write(ufsFile, after);
      Files.setLastModifiedTime(ufsFile, FileTime.from(Instant.now().plusSeconds(5)));

      try (InputStream in = client.openFile(listed)) {
        assertThat(in.readAllBytes()).isEqualTo(after);
      }
    }
  }
}
