package io.ferry.ufs.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads at most {@code length} bytes of a file channel from {@code offset}, with positional reads. */
final class RangeInputStream extends InputStream {
  private final FileChannel channel;
  private long position;
  private long remaining;

  /** {@code length} -1 reads to the end of the file. */
  RangeInputStream(FileChannel channel, long offset, long length) {
    this.channel = channel;
    this.position = offset;
    this.remaining = length < 0 ? Long.MAX_VALUE : length;
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
    if (remaining == 0) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
    if (n < 0) {
      remaining = 0;
      return -1;
    }
    position += n;
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = Math.max(0, Math.min(Math.min(n, remaining), channel.size() - position));
    position += skipped;
    remaining -= skipped;
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.min(remaining, channel.size() - position)));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
