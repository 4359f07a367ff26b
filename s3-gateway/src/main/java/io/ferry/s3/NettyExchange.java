package io.ferry.s3;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * One exchange on a Netty channel. Written from the operation's thread;
 * when the response is out, {@code answered} runs on the channel's event
 * loop (the connection may take its next request), unless the connection
 * is to close.
 */
final class NettyExchange implements S3Exchange {
  private final Channel channel;
  private final HttpVersion version;
  private final boolean keepAlive;
  private final Runnable answered;
  private volatile boolean started;
  private volatile boolean finished;

  NettyExchange(Channel channel, HttpVersion version, boolean keepAlive, Runnable answered) {
    this.channel = channel;
    this.version = version;
    this.keepAlive = keepAlive;
    this.answered = answered;
  }

  @Override
  public void send(int status, Map<String, String> headers, byte[] body) {
    started = true;
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(body));
    finish(channel.writeAndFlush(withHeaders(response, headers)));
  }

  @Override
  public ResponseBody stream(int status, Map<String, String> headers, long length) {
    DefaultHttpResponse response = new DefaultHttpResponse(version, HttpResponseStatus.valueOf(status));
    return new NettyResponseBody(this, withHeaders(response, headers), length);
  }

  @Override
  public boolean started() {
    return started;
  }

  @Override
  public void abort() {
    finished = true;
    channel.close();
  }

  /** Cuts the connection if no response went out whole (an operation that answered nothing). */
  void abortUnlessFinished() {
    if (!finished) {
      abort();
    }
  }

  Channel channel() {
    return channel;
  }

  void markStarted() {
    started = true;
  }

  /** The response ends with the write {@code last}. */
  void finish(ChannelFuture last) {
    finished = true;
    last.addListener(written -> {
      if (written.isSuccess() && keepAlive) {
        answered.run();
      } else {
        channel.close();
      }
    });
  }

  private <M extends HttpMessage> M withHeaders(M message, Map<String, String> headers) {
    headers.forEach(message.headers()::set);
    message.headers().set(HttpHeaderNames.DATE, HttpDates.http(System.currentTimeMillis()));
    HttpUtil.setKeepAlive(message, keepAlive);
    return message;
  }
}
