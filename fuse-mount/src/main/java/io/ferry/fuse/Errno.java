package io.ferry.fuse;

import io.ferry.common.error.FerryException;
import ru.serce.jnrfuse.ErrorCodes;

/** The errno (negated, as FUSE wants it) a Ferry failure stands for. */
final class Errno {
  private Errno() {}

  static int of(FerryException e) {
    return switch (e.code()) {
      case NOT_FOUND -> -ErrorCodes.ENOENT();
      case ALREADY_EXISTS -> -ErrorCodes.EEXIST();
      case NOT_A_DIRECTORY -> -ErrorCodes.ENOTDIR();
      case IS_A_DIRECTORY -> -ErrorCodes.EISDIR();
      case DIRECTORY_NOT_EMPTY -> -ErrorCodes.ENOTEMPTY();
      case INVALID_PATH, INVALID_ARGUMENT -> -ErrorCodes.EINVAL();
      case NAME_TOO_LONG -> -ErrorCodes.ENAMETOOLONG();
      case MOUNT_CONFLICT, FILE_BUSY -> -ErrorCodes.EBUSY();
      case NO_SPACE -> -ErrorCodes.ENOSPC();
      // the master refuses changes to read-only mounts with PERMISSION_DENIED
      case PERMISSION_DENIED -> String.valueOf(e.getMessage()).contains("read-only")
          ? -ErrorCodes.EROFS() : -ErrorCodes.EACCES();
      case FILE_CHANGED -> -ErrorCodes.ESTALE(); // changed in the UFS mid-read, as an NFS file would
      case UNAUTHENTICATED -> -ErrorCodes.EACCES(); // no valid token: the mount's calls are refused
      default -> -ErrorCodes.EIO();
    };
  }
}
