package io.ferry.client;

import io.grpc.HasByteBuffer;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one ReadBlock chunk, still in the buffers the transport
 * received them into: the reader copies them straight into its destination,
 * and the buffers are released once the chunk is read or closed.
 */
final class ReadBlockChunk implements AutoCloseable {
  private final InputStream bytes;
  private int remaining;

  /** @param bytes positioned at the chunk's first byte; owned (closed) by this chunk */
  ReadBlockChunk(InputStream bytes, int length) {
    this.bytes = bytes;
    this.remaining = length;
  }

  int remaining() {
    return remaining;
  }

  /** Copies up to {@code dst.remaining()} bytes into {@code dst}; returns how many. */
  int copyTo(ByteBuffer dst) throws IOException {
    int n = Math.min(dst.remaining(), remaining);
    if (dst.hasArray()) {
      readFully(dst.array(), dst.arrayOffset() + dst.position(), n);
      dst.position(dst.position() + n);
    } else if (bytes instanceof HasByteBuffer buffers && buffers.byteBufferSupported()) {
      copyBuffers(buffers, dst, n);
    } else {
      byte[] staging = new byte[n];
      readFully(staging, 0, n);
      dst.put(staging);
    }
    remaining -= n;
    if (remaining == 0) {
      close();
    }
    return n;
  }

  private void copyBuffers(HasByteBuffer buffers, ByteBuffer dst, int n) throws IOException {
    for (int left = n; left > 0; ) {
      ByteBuffer src = buffers.getByteBuffer();
      int k = Math.min(left, src.remaining());
      dst.put(src.limit(src.position() + k));
      bytes.skipNBytes(k);
      left -= k;
    }
  }

  private void readFully(byte[] dst, int off, int n) throws IOException {
    if (bytes.readNBytes(dst, off, n) != n) {
      throw new EOFException("A ReadBlock chunk ended before its declared length");
    }
  }

  @Override
  public void close() {
    remaining = 0;
    try {
      bytes.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
