package io.ferry.s3;

import java.io.IOException;
import java.util.Map;

/**
 * The response side of one HTTP exchange, as the transport carries it. The
 * operations reach it only through {@link S3Response}, which sets the
 * headers (Content-Length included): the transport adds only what HTTP
 * itself needs (Date, Connection).
 */
public interface S3Exchange {
  /** Sends the status, the headers and {@code body} (nothing when it is empty). */
  void send(int status, Map<String, String> headers, byte[] body) throws IOException;

  /** A body to stream after the status and headers, which go out with its first chunk. */
  ResponseBody stream(int status, Map<String, String> headers, long length);

  /** True once the status line went out: an error can then no longer be answered, only the connection cut. */
  boolean started();

  /** Gives up on the response: the connection is closed, so the client sees it unfinished. */
  void abort();
}
