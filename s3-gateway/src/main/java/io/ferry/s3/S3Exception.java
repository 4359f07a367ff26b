package io.ferry.s3;

/**
 * An S3 error: its code (NoSuchKey, AccessDenied…), HTTP status and message,
 * sent to the client as an XML error body.
 */
public final class S3Exception extends Exception {
  private final String code;
  private final int status;
  private final String resource;

  public S3Exception(String code, int status, String message, String resource) {
    super(message);
    this.code = code;
    this.status = status;
    this.resource = resource;
  }

  public static S3Exception noSuchKey(String resource) {
    return new S3Exception("NoSuchKey", 404, "The specified key does not exist.", resource);
  }

  public static S3Exception noSuchBucket(String bucket) {
    return new S3Exception("NoSuchBucket", 404, "The specified bucket does not exist.", "/" + bucket);
  }

  public static S3Exception noSuchUpload(String uploadId) {
    return new S3Exception("NoSuchUpload", 404, "The specified multipart upload does not exist.", uploadId);
  }

  public static S3Exception accessDenied(String message) {
    return new S3Exception("AccessDenied", 403, message, "");
  }

  public static S3Exception signatureDoesNotMatch() {
    return new S3Exception("SignatureDoesNotMatch", 403,
        "The request signature we calculated does not match the signature you provided.", "");
  }

  public static S3Exception invalidArgument(String message) {
    return new S3Exception("InvalidArgument", 400, message, "");
  }

  public static S3Exception malformedXml(String message) {
    return new S3Exception("MalformedXML", 400, message, "");
  }

  public static S3Exception preconditionFailed(String header) {
    return new S3Exception("PreconditionFailed", 412, "At least one of the preconditions you specified did not hold.",
        header);
  }

  public static S3Exception notImplemented(String what) {
    return new S3Exception("NotImplemented", 501, what + " is not implemented by Ferry's S3 endpoint.", "");
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String resource() {
    return resource;
  }
}
