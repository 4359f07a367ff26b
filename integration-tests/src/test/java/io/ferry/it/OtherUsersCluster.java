package io.ferry.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;

/**
 * For tests that act as another local user (through {@code FerryCli.asUser}): a cluster in a directory
 * every user may enter, so that only the worker's block files (0600, the worker's user) keep others out,
 * and text files whose bytes such a test compares as strings.
 */
final class OtherUsersCluster {
  private OtherUsersCluster() {}

  /** Starts the cluster {@code setUp} configures in {@code dir}/cluster, both directories open to every user. */
  static FerryCluster start(Path dir, UnaryOperator<FerryCluster.Builder> setUp) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    FerryCluster cluster = setUp.apply(FerryCluster.builder(dir.resolve("cluster"))).start();
    Files.setPosixFilePermissions(dir.resolve("cluster"), PosixFilePermissions.fromString("rwxr-xr-x"));
    return cluster;
  }

  /** Numbered lines naming {@code name}, at least {@code bytes} long. */
  static String text(String name, int bytes) {
    StringBuilder text = new StringBuilder(bytes + 32);
    for (int line = 0; text.length() < bytes; line++) {
      text.append("line ").append(line).append(" of ").append(name).append('\n');
    }
    return text.toString();
  }
}
