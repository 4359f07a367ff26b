package io.ferry.client.hadoop;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.apache.hadoop.fs.ByteBufferPositionedReadable;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.CanUnbuffer;
import org.apache.hadoop.fs.FSExceptionMessages;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * A Ferry file as Hadoop reads it: seek, positioned and ByteBuffer reads,
 * {@code unbuffer}, and vectored reads (Hadoop's default: one positioned read
 * per range). Sequential reads keep one block reader; {@code unbuffer} closes
 * it with its connection, and the next read opens the file again from the
 * status already held, with no metadata RPC.
 */
final class FerryFSInputStream extends FSInputStream
    implements ByteBufferReadable, ByteBufferPositionedReadable, CanUnbuffer, StreamCapabilities {
  private final FerryClient client;
  private final PathStatus file;
  private final FileSystem.Statistics statistics;
  /** Null after {@link #unbuffer} until the next read. */
  private FerryInputStream in;
  private long pos;
  private boolean closed;

  FerryFSInputStream(FerryClient client, FerryInputStream in, FileSystem.Statistics statistics) {
    this.client = client;
    this.in = in;
    this.file = in.status();
    this.statistics = statistics;
  }

  @Override
  public synchronized void seek(long newPos) throws IOException {
    checkOpen();
    if (newPos < 0) {
      throw new EOFException(FSExceptionMessages.NEGATIVE_SEEK + ": " + newPos + " in " + file.path());
    }
    if (newPos > file.length()) {
      throw new EOFException(FSExceptionMessages.CANNOT_SEEK_PAST_EOF + ": " + newPos + " in " + file.path()
          + " of " + file.length() + " bytes");
    }
    pos = newPos;
  }

  @Override
  public synchronized long getPos() {
    return pos;
  }

  @Override
  public boolean seekToNewSource(long targetPos) {
    return false;
  }

  @Override
  public synchronized int read() throws IOException {
    FerryInputStream s = atPos();
    int b = s.read();
    if (b >= 0) {
      pos++;
      counted(1);
    }
    return b;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    return read(ByteBuffer.wrap(b, off, len));
  }

  @Override
  public synchronized int read(ByteBuffer buf) throws IOException {
    checkOpen();
    int n = counted(stream().read(pos, buf));
    if (n > 0) {
      pos += n;
    }
    return n;
  }

  @Override
  public synchronized int read(long position, byte[] b, int off, int len) throws IOException {
    validatePositionedReadArgs(position, b, off, len);
    if (len == 0) {
      return 0;
    }
    return counted(stream().positionedRead(position, b, off, len));
  }

  @Override
  public synchronized int read(long position, ByteBuffer buf) throws IOException {
    checkOpen();
    if (position < 0) {
      throw new EOFException("Cannot read at a negative position: " + position + " in " + file.path());
    }
    return counted(stream().read(position, buf));
  }

  @Override
  public synchronized void readFully(long position, ByteBuffer buf) throws IOException {
    long p = position;
    while (buf.hasRemaining()) {
      int n = read(p, buf);
      if (n < 0) {
        throw new EOFException(FSExceptionMessages.EOF_IN_READ_FULLY + ": " + file.path() + " at " + p
            + " of " + file.length() + " bytes");
      }
      p += n;
    }
  }

  @Override
  public synchronized long skip(long n) throws IOException {
    FerryInputStream s = atPos();
    long skipped = s.skip(n);
    pos = s.getPos();
    return skipped;
  }

  @Override
  public synchronized int available() throws IOException {
    return atPos().available();
  }

  @Override
  public synchronized void unbuffer() {
    if (in != null) {
      in.close();
      in = null;
    }
  }

  @Override
  public boolean hasCapability(String capability) {
    return switch (capability.toLowerCase(Locale.ROOT)) {
      case StreamCapabilities.READBYTEBUFFER, StreamCapabilities.PREADBYTEBUFFER, StreamCapabilities.UNBUFFER -> true;
      default -> false;
    };
  }

  @Override
  public synchronized void close() {
    unbuffer();
    closed = true;
  }

  private FerryInputStream stream() throws IOException {
    checkOpen();
    if (in == null) {
      in = client.openFile(file);
    }
    return in;
  }

  /** The client stream at this stream's position (reads go by position, so the client stream's is not kept). */
  private FerryInputStream atPos() throws IOException {
    FerryInputStream s = stream();
    s.seek(pos);
    return s;
  }

  private int counted(int n) {
    if (n > 0 && statistics != null) {
      statistics.incrementBytesRead(n);
    }
    return n;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException(FSExceptionMessages.STREAM_IS_CLOSED + ": " + file.path());
    }
  }
}
