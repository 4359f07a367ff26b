package io.ferry.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountPointsTest {
  @Test
  void mountPointIsTheFifthFieldOfAMountinfoLine() {
    assertThat(MountPoints.mountPointOf(
        "42 27 0:39 / /tmp/fz/mnt rw,nosuid,nodev,relatime - fuse.ferry ferry rw,user_id=0,group_id=0"))
        .isEqualTo("/tmp/fz/mnt");
  }

  @Test
  void octalEscapesOfTheKernelAreUndone() {
    assertThat(MountPoints.mountPointOf("42 27 0:39 / /mnt/my\\040data rw - fuse.ferry ferry rw"))
        .isEqualTo("/mnt/my data");
  }

  @Test
  void theRootIsMountedAndAPlainDirectoryIsNot() {
    assertThat(MountPoints.isMounted(Path.of("/"))).isTrue();
    assertThat(MountPoints.isMounted(Path.of("/proc/self"))).isFalse();
  }

  @Test
  void aDirectoryThatIsNotAMountIsNotStale() {
    assertThat(MountPoints.isStale(Path.of(System.getProperty("java.io.tmpdir")))).isFalse();
  }
}
