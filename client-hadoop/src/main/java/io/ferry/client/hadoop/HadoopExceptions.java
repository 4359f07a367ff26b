package io.ferry.client.hadoop;

import io.ferry.common.error.FerryException;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.PathIsDirectoryException;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.security.AccessControlException;

/**
 * Ferry's error codes as the exceptions Hadoop callers catch. The message
 * stays Ferry's (it names the path and what is wrong), except for Hadoop's
 * path exceptions, which format their own from the path; the Ferry
 * exception is the cause.
 */
final class HadoopExceptions {
  private HadoopExceptions() {}

  /** {@code e}, raised by an operation on {@code path} (a Ferry path). */
  static IOException of(FerryException e, String path) {
    IOException mapped = switch (e.code()) {
      case NOT_FOUND -> new FileNotFoundException(e.getMessage());
      case ALREADY_EXISTS -> new FileAlreadyExistsException(e.getMessage());
      case NOT_A_DIRECTORY -> new ParentNotDirectoryException(e.getMessage());
      case IS_A_DIRECTORY -> new PathIsDirectoryException(path);
      case DIRECTORY_NOT_EMPTY -> new PathIsNotEmptyDirectoryException(path);
      case PERMISSION_DENIED, UNAUTHENTICATED -> new AccessControlException(e.getMessage());
      default -> e;
    };
    if (mapped != e) {
      mapped.initCause(e);
    }
    return mapped;
  }
}
