package io.ferry.ufs.s3;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns S3 SDK failures into FerryExceptions naming the URI (and the bucket
 * or endpoint where that is what is wrong). S3 error messages carry no
 * credentials, so they are kept.
 */
final class S3Errors {
  private final String bucket;
  private final String endpoint;

  S3Errors(String bucket, String endpoint) {
    this.bucket = bucket;
    this.endpoint = endpoint;
  }

  FerryException translate(SdkException e, String uri) {
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if (status == 403 || status == 401) {
        return new FerryException(ErrorCode.PERMISSION_DENIED, "Access denied to " + uri + " (HTTP " + status
            + (code == null ? "" : " " + code) + "): check the mount's credentials", e);
      }
      if ("NoSuchBucket".equals(code)) {
        return noSuchBucket(uri, e);
      }
      if (status == 404) {
        return FerryException.notFound(uri);
      }
      if (status == 429 || status == 503) {
        return new FerryException(ErrorCode.UNAVAILABLE,
            "S3 at " + endpoint + " is throttling or unavailable (still after retries) for " + uri, e);
      }
      return new FerryException(ErrorCode.UFS_ERROR,
          "S3 failed on " + uri + ": " + code + " (HTTP " + status + ")", e);
    }
    if (e instanceof SdkClientException) {
      return new FerryException(ErrorCode.UNAVAILABLE,
          "Cannot reach S3 at " + endpoint + " for " + uri + ": " + e.getMessage(), e);
    }
    return new FerryException(ErrorCode.UFS_ERROR, "S3 failed on " + uri + ": " + e.getMessage(), e);
  }

  FerryException noSuchBucket(String uri, Throwable cause) {
    return new FerryException(ErrorCode.NOT_FOUND,
        "No such bucket '" + bucket + "' at " + endpoint + " (for " + uri + ")", cause);
  }
}
