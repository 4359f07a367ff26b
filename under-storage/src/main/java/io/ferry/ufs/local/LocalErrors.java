package io.ferry.ufs.local;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.HierarchicalUnderFileSystem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** Turns java.nio errors into FerryExceptions with a code and the URI the caller used. */
final class LocalErrors {
  private LocalErrors() {}

  static FerryException translate(IOException e, Path path, String uri) {
    if (e instanceof FerryException fe) {
      return fe;
    }
    if (e instanceof NoSuchFileException) {
      return FerryException.notFound(uri);
    }
    if (e instanceof FileAlreadyExistsException) {
      return FerryException.alreadyExists(uri);
    }
    if (e instanceof DirectoryNotEmptyException) {
      return HierarchicalUnderFileSystem.directoryNotEmpty(uri, e);
    }
    if (e instanceof NotDirectoryException) {
      return FerryException.notADirectory(uri);
    }
    if (e instanceof AccessDeniedException) {
      return new FerryException(ErrorCode.PERMISSION_DENIED, "Permission denied: " + uri, e);
    }
    if (e instanceof FileSystemException && hasFileAncestor(path)) {
      // ENOTDIR reaches Java as a plain FileSystemException; recognize it by the file system, not by the message.
      return HierarchicalUnderFileSystem.parentIsAFile(uri, e);
    }
    if (FerryException.isOutOfSpace(e)) {
      return new FerryException(ErrorCode.NO_SPACE, "Local under storage is full, writing " + uri + ": "
          + e.getMessage(), e);
    }
    return new FerryException(ErrorCode.UFS_ERROR, "Local under storage failed on " + uri + ": " + e.getMessage(), e);
  }

  /** True if some ancestor of {@code path} exists and is not a directory. */
  static boolean hasFileAncestor(Path path) {
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return !Files.isDirectory(p);
      }
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return false; // a dangling link: ENOENT territory
      }
    }
    return false;
  }
}
