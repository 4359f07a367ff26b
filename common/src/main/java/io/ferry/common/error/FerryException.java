package io.ferry.common.error;

import java.io.IOException;

/**
 * An error with a code and a message that names what is wrong. It is an
 * IOException so that file-system style callers (streams, Hadoop, FUSE)
 * can let it through unchanged.
 */
public class FerryException extends IOException {
  private final ErrorCode code;

  public FerryException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public FerryException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static FerryException notFound(String path) {
    return new FerryException(ErrorCode.NOT_FOUND, "No such file or directory: " + path);
  }

  public static FerryException alreadyExists(String path) {
    return new FerryException(ErrorCode.ALREADY_EXISTS, "Already exists: " + path);
  }

  public static FerryException notADirectory(String path) {
    return new FerryException(ErrorCode.NOT_A_DIRECTORY, "Not a directory: " + path);
  }

  public static FerryException isADirectory(String path) {
    return new FerryException(ErrorCode.IS_A_DIRECTORY, "Is a directory: " + path);
  }

  public static FerryException invalidArgument(String message) {
    return new FerryException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /**
   * True if an I/O failure is a full disk or quota (ENOSPC, EDQUOT). Java
   * gives no errno, only its message (strerror), so this is where the message
   * is read.
   */
  public static boolean isOutOfSpace(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("No space left on device") || message.contains("Disk quota exceeded");
  }

  @Override
  public String toString() {
    return code + ": " + getMessage();
  }
}
