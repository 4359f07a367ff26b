package io.ferry.s3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A streamed body on a Netty channel: chunks are pooled direct buffers,
 * each written to the socket as it is sent, with at most
 * {@link #IN_FLIGHT} chunks queued ahead of the client.
 */
final class NettyResponseBody implements ResponseBody {
  private static final int IN_FLIGHT = 3;

  private final NettyExchange exchange;
  private final HttpResponse headers;
  private final long length;
  private final ArrayDeque<ChannelFuture> writes = new ArrayDeque<>();
  private ByteBuf pending;
  private ByteBuffer pendingView;
  private long sent;
  private boolean started;

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
      exchange.channel().write(headers);
    }
    int n = chunk.position();
    pending.writerIndex(n);
    writes.add(exchange.channel().writeAndFlush(new DefaultHttpContent(pending)));
    pending = null;
    pendingView = null;
    sent += n;
    while (writes.size() > IN_FLIGHT) {
      awaitWritten(writes.poll());
    }
  }

  @Override
  public void close() {
    releasePending();
    if (!started) {
      return;
    }
    if (sent == length) {
      exchange.finish(exchange.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    } else {
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
