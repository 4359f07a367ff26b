package io.ferry.s3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A streamed body on a Netty channel: chunks are pooled direct buffers,
 * each written to the socket as it is sent, with at most
 * {@link #IN_FLIGHT} chunks queued ahead of the client. The last chunk
 * carries the end of the response.
 */
final class NettyResponseBody implements ResponseBody {
  /** A 4 MiB block in 1 MiB chunks goes out without waiting. */
  private static final int IN_FLIGHT = 4;

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
    if (!started) {
      started = true;
      exchange.markStarted();
      exchange.channel().write(headers); // flushed with the first chunk
    }
    int n = chunk.position();
    pending.writerIndex(n);
    sent += n;
    if (sent == length) { // the last chunk ends the response
      exchange.finish(exchange.channel().writeAndFlush(new DefaultLastHttpContent(pending)));
      finished = true;
    } else {
      writes.add(exchange.channel().writeAndFlush(new DefaultHttpContent(pending)));
    }
    pending = null;
    pendingView = null;
    while (writes.size() > IN_FLIGHT) {
      awaitWritten(writes.poll());
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
