package io.ferry.s3;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A streamed response body of a known length, sent in chunks the transport
 * allocates: off the heap, so that a read into one (a {@code pread} of a
 * block file) is the only copy before the socket. Nothing goes out before
 * the first {@link #send}: a body closed before it sends nothing.
 */
public interface ResponseBody extends AutoCloseable {
  /** An empty chunk of {@code capacity} bytes to fill from position 0; it replaces any chunk not sent. */
  ByteBuffer chunk(int capacity);

  /**
   * Sends the chunk {@link #chunk} gave, from 0 to its position; waits while
   * the client is too far behind.
   */
  void send(ByteBuffer chunk) throws IOException;

  /** Ends the body (its last chunk ended the response); one that started and fell short cuts the connection. */
  @Override
  void close();
}
