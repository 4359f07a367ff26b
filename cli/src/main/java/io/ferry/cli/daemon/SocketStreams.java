package io.ferry.cli.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Streams over a blocking socket channel that one thread may read while
 * another writes: the streams of {@link java.nio.channels.Channels} share one
 * lock for both directions, so a reader waiting for the caller to hang up
 * would block every write of the command's output.
 */
final class SocketStreams {
  private SocketStreams() {}

  static InputStream in(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
      }
    };
  }

  static OutputStream out(SocketChannel channel) {
    return out((b, off, len) -> {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    });
  }

  /** Where an output stream's writes of byte ranges go. */
  @FunctionalInterface
  interface ByteSink {
    void write(byte[] b, int off, int len) throws IOException;
  }

  /** An output stream whose every write goes to {@code sink} as one range. */
  static OutputStream out(ByteSink sink) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        sink.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sink.write(b, off, len);
      }
    };
  }
}
