package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The project's POSIX conformance suite (src/test/python/posix_suite.py):
 * every case on tmpfs and on the mount, compared; deliberate differences are
 * declared in the suite and in README.md, "POSIX".
 */
class PosixConformanceIT {
  @Test
  void everyCaseBehavesOnTheMountAsOnTmpfs() throws Exception {
    Path tmpfs = FuseTestDirs.create(Path.of("/dev/shm"), "ferry-posix-");
    try (MountedCluster fuse = MountedCluster.start("ferry-fuse-posix-")) {
      Path onMount = fuse.dir().resolve("posix");
      Files.createDirectories(onMount);
      Shell.Result r = Shell.run(Duration.ofMinutes(5), "python3", "src/test/python/posix_suite.py",
          tmpfs.toString(), onMount.toString());
      System.out.println(r.output());
      assertThat(r.output()).contains("posix_suite: ").contains(" 0 failed");
      assertThat(r.exitCode()).isZero();
    } finally {
      FuseTestDirs.delete(tmpfs);
    }
  }
}
