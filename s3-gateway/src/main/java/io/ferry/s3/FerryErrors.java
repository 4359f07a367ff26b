package io.ferry.s3;

import io.ferry.common.error.FerryException;

/** The S3 error a Ferry error becomes. */
public final class FerryErrors {
  private FerryErrors() {}

  public static S3Exception toS3(FerryException e, String resource) {
    return switch (e.code()) {
      case NOT_FOUND -> S3Exception.noSuchKey(resource);
      case PERMISSION_DENIED -> new S3Exception("AccessDenied", 403, e.getMessage(), resource);
      case NOT_A_DIRECTORY, IS_A_DIRECTORY, ALREADY_EXISTS, DIRECTORY_NOT_EMPTY, INVALID_PATH ->
          new S3Exception("InvalidRequest", 400, e.getMessage(), resource);
      case INVALID_ARGUMENT -> new S3Exception("InvalidArgument", 400, e.getMessage(), resource);
      case NAME_TOO_LONG -> new S3Exception("KeyTooLongError", 400, e.getMessage(), resource);
      case NO_SPACE -> new S3Exception("InsufficientStorage", 507, e.getMessage(), resource);
      // FILE_CHANGED: the object changed in the under storage while read; a retry reads its new version
      case UNAVAILABLE, NOT_LEADER, DEADLINE_EXCEEDED, FILE_CHANGED ->
          new S3Exception("ServiceUnavailable", 503, e.getMessage(), resource);
      default -> new S3Exception("InternalError", 500, e.getMessage(), resource);
    };
  }
}
