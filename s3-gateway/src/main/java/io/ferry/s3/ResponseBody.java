package io.ferry.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A streamed response body of a known length, sent in chunks the transport
 * allocates: off the heap, so that a read into one (a {@code pread} of a
 * block file) is the only copy before the socket; or spans of files sent
 * with no copy at all. Nothing goes out before
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

  /**
   * Sends {@code length} bytes at {@code offset} of {@code file} straight
   * from the file ({@code sendfile}: no copy in user space), and closes it
   * once sent; waits like {@link #send}.
   */
  void sendFile(FileChannel file, long offset, int length) throws IOException;

  /** Ends the body (its last chunk ended the response); one that started and fell short cuts the connection. */
  @Override
  void close();
}
