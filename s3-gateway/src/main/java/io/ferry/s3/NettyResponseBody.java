package io.ferry.s3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.SslHandler;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * A streamed body on a Netty channel: chunks are pooled direct buffers and
 * file spans ({@code DefaultFileRegion}: sendfile), queued as they are sent,
 * with at most {@link #IN_FLIGHT} parts ahead of the client.
 */
final class NettyResponseBody implements ResponseBody {
  /** A 4 MiB block in 1 MiB chunks goes out without waiting. */
  private static final int IN_FLIGHT = 4;
  /** What a span of a block file is read in with TLS on. */
  private static final int TLS_CHUNK = 1 << 20;

  private final NettyExchange exchange;
  private final HttpResponse headers;
  private final long length;
  private final ArrayDeque<ChannelFuture> writes = new ArrayDeque<>();
  private ByteBuf pending;
  private ByteBuffer pendingView;
  private long sent;
  private boolean started;
  private boolean finished;

  NettyResponseBody(NettyExchange exchange, HttpResponse headers, long length) {
    this.exchange = exchange;
    this.headers = headers;
    this.length = length;
  }

  @Override
  public ByteBuffer chunk(int capacity) {
    releasePending();
    pending = exchange.channel().alloc().directBuffer(capacity, capacity);
    pendingView = pending.nioBuffer(0, capacity);
    return pendingView;
  }

  @Override
  public void send(ByteBuffer chunk) throws IOException {
    if (chunk != pendingView) {
      throw new IllegalArgumentException("Only the last chunk this body gave can be sent");
    }
    pending.writerIndex(chunk.position());
    ByteBuf content = pending;
    pending = null;
    pendingView = null;
    write(new DefaultHttpContent(content), content.readableBytes());
  }

  /** A span of a block file: sendfile, or read in chunks with TLS on (sendfile would bypass the encryption). */
  @Override
  public void sendFile(FileChannel file, long offset, int length) throws IOException {
    Channel channel = exchange.channel();
    if (channel.pipeline().get(SslHandler.class) == null) {
      write(new DefaultFileRegion(file, offset, length), length);
      return;
    }
    for (int done = 0; done < length; ) {
      int n = Math.min(TLS_CHUNK, length - done);
      ByteBuf chunk = channel.alloc().directBuffer(n, n);
      try {
        while (chunk.isWritable()) {
          if (chunk.writeBytes(file, offset + done + chunk.writerIndex(), chunk.writableBytes()) < 0) {
            throw new EOFException("Block file ended " + (length - done - chunk.writerIndex()) + " bytes early");
          }
        }
      } catch (IOException | RuntimeException e) {
        chunk.release();
        throw e;
      }
      write(new DefaultHttpContent(chunk), n);
      done += n;
    }
  }

  /**
   * Queues a part of the body (headers first), then the end of the response
   * after the last part. Parts are flushed only at the end, or when the body
   * must wait for the client: each flush from this thread wakes the event
   * loop, and on a busy machine every wake-up waits for a CPU.
   */
  private void write(Object part, int bytes) throws IOException {
    Channel channel = exchange.channel();
    if (!started) {
      started = true;
      exchange.markStarted();
      channel.write(headers);
    }
    sent += bytes;
    writes.add(channel.write(part));
    if (sent == length) {
      exchange.finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
      finished = true;
    } else if (writes.size() > IN_FLIGHT) {
      channel.flush();
      while (writes.size() > IN_FLIGHT) {
        awaitWritten(writes.poll());
      }
    }
  }

  @Override
  public void close() {
    releasePending();
    if (started && !finished) {
      exchange.abort();
    }
  }

  private static void awaitWritten(ChannelFuture write) throws IOException {
    try {
      write.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while sending a response body");
    }
    if (!write.isSuccess()) {
      throw new IOException("Sending the response body failed: " + write.cause(), write.cause());
    }
  }

  private void releasePending() {
    if (pending != null) {
      pending.release();
      pending = null;
      pendingView = null;
    }
  }
}
