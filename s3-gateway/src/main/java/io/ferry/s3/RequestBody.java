package io.ferry.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Copies a request's body, checking it against what the signed headers
 * promise: its SHA-256 (x-amz-content-sha256, when it is a digest) and its
 * Content-Length.
 */
public final class RequestBody {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int BUFFER = 1 << 20;
  /** aws-chunked with unsigned chunks (the request itself is signed), as the AWS C++ SDK (PyArrow) sends. */
  private static final String UNSIGNED_CHUNKED = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

  private RequestBody() {}

  /** Copies the body of {@code request} to {@code out}; returns its length. */
  public static long copy(S3Request request, OutputStream out) throws S3Exception, IOException {
    String contentSha256 = request.header("x-amz-content-sha256").orElse("");
    boolean chunked = UNSIGNED_CHUNKED.equals(contentSha256);
    if (contentSha256.startsWith("STREAMING-") && !chunked) {
      throw S3Exception.notImplemented("Chunked payload signing (" + contentSha256 + ")");
    }
    Optional<MessageDigest> digest = SHA256_HEX.matcher(contentSha256).matches() ? Optional.of(sha256())
        : Optional.empty();
    InputStream in = chunked ? new AwsChunkedInputStream(request.body()) : request.body();
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      if (digest.isPresent()) {
        digest.get().update(buffer, 0, n);
      }
      total += n;
    }
    Optional<String> declared = request.header(chunked ? "x-amz-decoded-content-length" : "Content-Length");
    if (declared.isPresent() && Long.parseLong(declared.get().trim()) != total) {
      throw new S3Exception("IncompleteBody", 400, "The request body ended after " + total + " of "
          + declared.get() + " bytes.", request.resource());
    }
    if (digest.isPresent() && !HexFormat.of().formatHex(digest.get().digest()).equals(contentSha256)) {
      throw new S3Exception("XAmzContentSHA256Mismatch", 400,
          "The provided 'x-amz-content-sha256' header does not match what was computed.", request.resource());
    }
    return total;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
