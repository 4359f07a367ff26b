package io.ferry.it.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories for FUSE tests, readable by every user: the POSIX suite checks
 * permissions as user nobody, who must reach the mount point (JUnit's
 * temporary directories are private).
 */
final class FuseTestDirs {
  private FuseTestDirs() {}

  static Path create(Path parent, String prefix) throws IOException {
    Path dir = Files.createTempDirectory(parent, prefix);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }

  static void delete(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
