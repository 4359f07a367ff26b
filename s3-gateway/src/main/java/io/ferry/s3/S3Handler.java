package io.ferry.s3;

import java.io.IOException;

/** Answers the requests the S3 endpoint's HTTP server takes ({@link S3Router}, or a test's). */
@FunctionalInterface
public interface S3Handler {
  /** Answers {@code request} through {@code exchange}; a failure to answer cuts the connection. */
  void handle(S3Request request, S3Exchange exchange) throws IOException;
}
