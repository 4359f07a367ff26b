package io.ferry.ufs.s3;

import io.ferry.common.error.FerryException;
import io.ferry.ufs.object.HttpErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns S3 SDK failures into FerryExceptions through the object stores'
 * shared table. S3 error messages carry no credentials, so they are kept.
 */
final class S3Errors {
  private final HttpErrors http;

  S3Errors(String bucket, String endpoint) {
    this.http = new HttpErrors("S3", "bucket", bucket, endpoint);
  }

  FerryException translate(SdkException e, String uri) {
    if (e instanceof S3Exception s3) {
      String code = code(s3);
      return "NoSuchBucket".equals(code) ? noSuchBucket(uri, e) : http.translate(s3.statusCode(), code, uri, e);
    }
    if (e instanceof SdkClientException) {
      return http.unreachable(uri, e);
    }
    return http.failed(uri, e.getMessage(), e);
  }

  FerryException noSuchBucket(String uri, Throwable cause) {
    return http.noSuchBucket(uri, cause);
  }

  /** A 404 answer: no such object, or (with the code NoSuchBucket) no such bucket. */
  static boolean isNotFound(SdkException e) {
    return e instanceof S3Exception s3 && HttpErrors.isNotFound(s3.statusCode());
  }

  /** S3's own error code, such as NoSuchBucket; null where the answer had no body (a HEAD). */
  static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
