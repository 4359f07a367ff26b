package io.ferry.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The payload of an {@code aws-chunked} body: chunks of
 * {@code hex-size[;extensions]\r\n data \r\n}, a last chunk of size 0, then
 * trailing headers (a checksum) and an empty line. Chunk extensions and
 * trailers are skipped.
 */
public final class AwsChunkedInputStream extends InputStream {
  private static final int MAX_LINE = 4096;

  private final InputStream in;
  private long leftInChunk;
  private boolean done;

  public AwsChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (leftInChunk == 0 && !nextChunk()) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, leftInChunk));
    if (n < 0) {
      throw new IOException("The aws-chunked body ended inside a chunk");
    }
    leftInChunk -= n;
    if (leftInChunk == 0) {
      expectEmptyLine();
    }
    return n;
  }

  /** Reads the next chunk's header; false at the last chunk (its trailers read). */
  private boolean nextChunk() throws IOException {
    if (done) {
      return false;
    }
    String header = readLine();
    int extensions = header.indexOf(';');
    try {
      leftInChunk = Long.parseLong((extensions < 0 ? header : header.substring(0, extensions)).trim(), 16);
    } catch (NumberFormatException e) {
      throw new IOException("Malformed aws-chunked chunk header '" + header + "'");
    }
    if (leftInChunk > 0) {
      return true;
    }
    while (!readLine().isEmpty()) {
      // a trailing header (x-amz-checksum-…): not checked
    }
    done = true;
    return false;
  }

  private void expectEmptyLine() throws IOException {
    if (!readLine().isEmpty()) {
      throw new IOException("Malformed aws-chunked body: a chunk is longer than its size");
    }
  }

  /** A line without its CRLF; end of stream ends the last line. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (line.size() == MAX_LINE) {
        throw new IOException("Malformed aws-chunked body: a line longer than " + MAX_LINE + " bytes");
      }
      line.write(c);
    }
    String text = line.toString(StandardCharsets.US_ASCII);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
