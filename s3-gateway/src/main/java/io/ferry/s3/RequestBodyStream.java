package io.ferry.s3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The body of a request as it arrives: the chunks Netty decodes, read by
 * the operation's thread. The connection stops being read while too much
 * is queued, and once the body ended (until the response is out: the next
 * request on the connection waits for it).
 */
final class RequestBodyStream extends InputStream {
  private static final int PAUSE_AT = 4 << 20;
  private static final int RESUME_AT = 1 << 20;

  private final ChannelConfig connection;
  private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
  private long queued;
  private boolean ended;
  private boolean closed;
  private IOException failure;

  RequestBodyStream(ChannelConfig connection) {
    this.connection = connection;
  }

  /** A chunk of the body, which this stream now owns (the event loop's). */
  synchronized void offer(ByteBuf chunk) {
    if (closed || ended || !chunk.isReadable()) {
      chunk.release();
      return;
    }
    chunks.add(chunk);
    queued += chunk.readableBytes();
    if (queued >= PAUSE_AT) {
      connection.setAutoRead(false);
    }
    notifyAll();
  }

  /** The body arrived whole: reading pauses until the response is out (the event loop's). */
  synchronized void end() {
    ended = true;
    connection.setAutoRead(false);
    notifyAll();
  }

  /** The connection failed before the body ended. */
  synchronized void fail(IOException e) {
    if (!ended) {
      failure = e;
      notifyAll();
    }
  }

  synchronized boolean ended() {
    return ended;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Waits for at least one byte, then takes what is queued, up to {@code len}. */
  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (chunks.isEmpty()) {
      if (closed) {
        throw new IOException("The request body is closed");
      }
      if (ended) {
        return -1;
      }
      if (failure != null) {
        throw failure;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting for the request body");
      }
    }
    int done = 0;
    while (done < len && !chunks.isEmpty()) {
      ByteBuf head = chunks.peek();
      int n = Math.min(len - done, head.readableBytes());
      head.readBytes(b, off + done, n);
      done += n;
      if (!head.isReadable()) {
        chunks.poll().release();
      }
    }
    queued -= done;
    if (!ended && queued < RESUME_AT) {
      connection.setAutoRead(true);
    }
    return done;
  }

  /** Drops what is queued; the rest of the body is read and dropped as it comes. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    chunks.forEach(ByteBuf::release);
    chunks.clear();
    queued = 0;
    if (!ended) {
      connection.setAutoRead(true);
    }
    notifyAll();
  }
}
