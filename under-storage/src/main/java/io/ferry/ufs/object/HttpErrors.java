package io.ferry.ufs.object;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.ThrottledException;
import java.util.Map;

/**
 * Turns an object store's failures into FerryExceptions naming the URI (and
 * the bucket or endpoint where that is what is wrong), through one table from
 * HTTP status to Ferry error code that S3 and Azure Blob share. A store tells
 * a missing bucket apart from a missing object by its own error code, before
 * it asks here.
 */
public final class HttpErrors {
  private static final Map<Integer, ErrorCode> CODES = Map.of(
      401, ErrorCode.PERMISSION_DENIED,
      403, ErrorCode.PERMISSION_DENIED,
      404, ErrorCode.NOT_FOUND,
      429, ErrorCode.UNAVAILABLE, // throttled, still after the SDK's retries
      503, ErrorCode.UNAVAILABLE);

  private final String service;
  private final String bucketKind;
  private final String bucket;
  private final String endpoint;

  /**
   * @param service the store as messages name it, e.g. "S3"
   * @param bucketKind what the store calls a bucket, e.g. "container"
   */
  public HttpErrors(String service, String bucketKind, String bucket, String endpoint) {
    this.service = service;
    this.bucketKind = bucketKind;
    this.bucket = bucket;
    this.endpoint = endpoint;
  }

  /** The Ferry error code of an HTTP error status; UFS_ERROR for any status the table does not name. */
  public static ErrorCode codeOf(int status) {
    return CODES.getOrDefault(status, ErrorCode.UFS_ERROR);
  }

  public static boolean isNotFound(int status) {
    return codeOf(status) == ErrorCode.NOT_FOUND;
  }

  /** An HTTP error answer; {@code storeCode} is the store's own error code, or null. */
  public FerryException translate(int status, Object storeCode, String uri, Throwable cause) {
    String answer = "HTTP " + status + (storeCode == null ? "" : " " + storeCode);
    return switch (codeOf(status)) {
      case PERMISSION_DENIED -> new FerryException(ErrorCode.PERMISSION_DENIED,
          "Access denied to " + uri + " (" + answer + "): check the mount's credentials", cause);
      case NOT_FOUND -> FerryException.notFound(uri);
      case UNAVAILABLE -> new ThrottledException(
          service + " at " + endpoint + " is throttling or unavailable (still after retries) for " + uri, cause);
      default -> failed(uri, answer, cause);
    };
  }

  /** No answer at all: refused, reset or timed-out connections. */
  public FerryException unreachable(String uri, Throwable cause) {
    return new FerryException(ErrorCode.UNAVAILABLE,
        "Cannot reach " + service + " at " + endpoint + " for " + uri + ": " + cause.getMessage(), cause);
  }

  public FerryException failed(String uri, String detail, Throwable cause) {
    return new FerryException(ErrorCode.UFS_ERROR, service + " failed on " + uri + ": " + detail, cause);
  }

  public FerryException noSuchBucket(String uri, Throwable cause) {
    return new FerryException(ErrorCode.NOT_FOUND,
        "No such " + bucketKind + " '" + bucket + "' at " + endpoint + " (for " + uri + ")", cause);
  }
}
