package io.ferry.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import org.junit.jupiter.api.Test;

class ErrnoTest {
  private static int errno(ErrorCode code, String message) {
    return -Errno.of(new FerryException(code, message));
  }

  @Test
  void missingPathIsEnoent() {
    assertThat(errno(ErrorCode.NOT_FOUND, "No such file or directory: /a")).isEqualTo(2);
  }

  @Test
  void namespaceConflictsMapToTheirPosixErrnos() {
    assertThat(errno(ErrorCode.ALREADY_EXISTS, "x")).isEqualTo(17);
    assertThat(errno(ErrorCode.NOT_A_DIRECTORY, "x")).isEqualTo(20);
    assertThat(errno(ErrorCode.IS_A_DIRECTORY, "x")).isEqualTo(21);
    assertThat(errno(ErrorCode.DIRECTORY_NOT_EMPTY, "x")).isEqualTo(39);
  }

  @Test
  void tooLongNameIsEnametoolongAndOtherInvalidPathsEinval() {
    assertThat(errno(ErrorCode.NAME_TOO_LONG, "File name too long: aaa")).isEqualTo(36);
    assertThat(errno(ErrorCode.INVALID_PATH, "Invalid path (NUL character): /a")).isEqualTo(22);
  }

  @Test
  void readOnlyMountIsErofsAndOtherDenialsEacces() {
    assertThat(errno(ErrorCode.PERMISSION_DENIED, "Cannot change /a: the mount at / is read-only")).isEqualTo(30);
    assertThat(errno(ErrorCode.PERMISSION_DENIED, "denied")).isEqualTo(13);
  }

  @Test
  void aFullCacheOrUnderStorageIsEnospc() {
    assertThat(errno(ErrorCode.NO_SPACE, "This worker's cache has no room")).isEqualTo(28);
  }

  @Test
  void aMountPointInTheWayIsEbusy() {
    assertThat(errno(ErrorCode.MOUNT_CONFLICT, "/d1/x/zsub is a mount point")).isEqualTo(16);
  }

  @Test
  void unreachableOrSlowMasterIsEio() {
    assertThat(errno(ErrorCode.UNAVAILABLE, "master at localhost:1 is unavailable")).isEqualTo(5);
    assertThat(errno(ErrorCode.DEADLINE_EXCEEDED, "deadline")).isEqualTo(5);
  }

  @Test
  void aFileChangedInItsUnderStorageWhileReadIsEstale() {
    assertThat(errno(ErrorCode.FILE_CHANGED, "The UFS file /u/a changed since its status was taken")).isEqualTo(116);
  }
}
