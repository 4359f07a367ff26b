package io.ferry.common.error;

import io.grpc.Status;

/**
 * Ferry's error codes. Each maps to one gRPC status for the wire and carries
 * its own name across it, so a client can tell NOT_A_DIRECTORY from
 * IS_A_DIRECTORY and map each to the right POSIX errno or Hadoop exception.
 */
public enum ErrorCode {
  NOT_FOUND(Status.Code.NOT_FOUND),
  ALREADY_EXISTS(Status.Code.ALREADY_EXISTS),
  NOT_A_DIRECTORY(Status.Code.FAILED_PRECONDITION),
  IS_A_DIRECTORY(Status.Code.FAILED_PRECONDITION),
  DIRECTORY_NOT_EMPTY(Status.Code.FAILED_PRECONDITION),
  MOUNT_CONFLICT(Status.Code.FAILED_PRECONDITION),
  INVALID_PATH(Status.Code.INVALID_ARGUMENT),
  /** A path, one of its names, or its depth beyond Ferry's limits (ENAMETOOLONG); see FerryPath. */
  NAME_TOO_LONG(Status.Code.INVALID_ARGUMENT),
  INVALID_ARGUMENT(Status.Code.INVALID_ARGUMENT),
  PERMISSION_DENIED(Status.Code.PERMISSION_DENIED),
  /** The caller could not prove who it is: no token, or an expired or forged one. */
  UNAUTHENTICATED(Status.Code.UNAUTHENTICATED),
  UFS_ERROR(Status.Code.INTERNAL),
  UNAVAILABLE(Status.Code.UNAVAILABLE),
  /** A cache or a disk has no room left for what is being written (ENOSPC). */
  NO_SPACE(Status.Code.RESOURCE_EXHAUSTED),
  /** A follower master refuses the call; the leader (when known) is named in the error. */
  NOT_LEADER(Status.Code.UNAVAILABLE),
  DEADLINE_EXCEEDED(Status.Code.DEADLINE_EXCEEDED),
  /**
   * A retried mutation (same request id) whose first attempt is still
   * running on the master, past the retry's deadline: ask again, the master
   * is at work (a recursive delete of a large tree).
   */
  IN_PROGRESS(Status.Code.UNAVAILABLE),
  DATA_LOST(Status.Code.DATA_LOSS),
  /**
   * The file changed in its under storage since the status a read names was
   * taken: read it again with a fresh status (ESTALE).
   */
  FILE_CHANGED(Status.Code.FAILED_PRECONDITION),
  /** Another writer is appending to or truncating the file (one at a time): try again once it closed (EBUSY). */
  FILE_BUSY(Status.Code.FAILED_PRECONDITION),
  INTERNAL(Status.Code.INTERNAL);

  private final Status.Code grpcCode;

  ErrorCode(Status.Code grpcCode) {
    this.grpcCode = grpcCode;
  }

  public Status.Code grpcCode() {
    return grpcCode;
  }

  /** The code a plain gRPC status maps to when it carries no Ferry code. */
  public static ErrorCode fromGrpc(Status.Code code) {
    switch (code) {
      case NOT_FOUND: return NOT_FOUND;
      case ALREADY_EXISTS: return ALREADY_EXISTS;
      case INVALID_ARGUMENT: return INVALID_ARGUMENT;
      case PERMISSION_DENIED: return PERMISSION_DENIED;
      case UNAUTHENTICATED: return UNAUTHENTICATED;
      case UNAVAILABLE: return UNAVAILABLE;
      case RESOURCE_EXHAUSTED: return NO_SPACE;
      case DEADLINE_EXCEEDED: return DEADLINE_EXCEEDED;
      case DATA_LOSS: return DATA_LOST;
      default: return INTERNAL;
    }
  }
}
