package io.ferry.s3;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of the S3 endpoint: hands each request to the handler on
 * an operation thread (operations block on Ferry), with its body as a
 * stream, one request at a time. The next request is read once the last
 * one's body ended and its response is out.
 */
final class S3ChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(S3ChannelHandler.class);

  private final S3Handler handler;
  private final Executor operations;
  /** The body of the request in progress; null between requests. */
  private RequestBodyStream body;
  private boolean bodyEnded;
  private boolean answered;

  S3ChannelHandler(S3Handler handler, Executor operations) {
    this.handler = handler;
    this.operations = operations;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request && !begin(ctx, request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpContent content) {
      if (body == null) { // what a connection being closed still sent
        content.release();
        return;
      }
      body.offer(content.content());
      if (content instanceof LastHttpContent) {
        body.end();
        bodyEnded = true;
        nextRequestIfDone(ctx);
      }
    }
  }

  /** Starts an exchange for {@code request}; false (the connection closing) when it cannot be served. */
  private boolean begin(ChannelHandlerContext ctx, HttpRequest request) {
    if (request.decoderResult().isFailure()) {
      badRequest(ctx, request.decoderResult().cause().getMessage());
      return false;
    }
    if (body != null) {
      LOG.debug("Closing a connection that sent a request before the last one was answered (pipelining)");
      ctx.close();
      return false;
    }
    body = new RequestBodyStream(ctx.channel().config());
    bodyEnded = false;
    answered = false;
    NettyExchange exchange = new NettyExchange(ctx.channel(), request.protocolVersion(),
        HttpUtil.isKeepAlive(request), () -> {
          answered = true;
          nextRequestIfDone(ctx);
        });
    String uri = withoutAuthority(request.uri());
    int q = uri.indexOf('?');
    S3Request s3 = S3Request.of(request.method().name(), q < 0 ? uri : uri.substring(0, q),
        q < 0 ? null : uri.substring(q + 1), headers(request.headers()), body);
    RequestBodyStream requestBody = body;
    try {
      operations.execute(() -> serve(s3, exchange, requestBody));
    } catch (RejectedExecutionException e) { // the endpoint is closing
      ctx.close();
    }
    return true;
  }

  private void serve(S3Request request, NettyExchange exchange, RequestBodyStream requestBody) {
    try {
      handler.handle(request, exchange);
    } catch (IOException | RuntimeException e) {
      LOG.debug("S3 {} {}: the response could not be sent: {}", request.method(), request.resource(), e.toString());
      exchange.abort();
    } finally {
      exchange.abortUnlessFinished();
      requestBody.close();
    }
  }

  /** Reads the next request once this one's body ended and its response is out (on the event loop). */
  private void nextRequestIfDone(ChannelHandlerContext ctx) {
    if (bodyEnded && answered) {
      body = null;
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (body != null) {
      body.fail(new IOException("The client closed the connection before the request body ended"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("S3 connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  /** The request's headers by name, ignoring case as HTTP does. */
  private static Map<String, List<String>> headers(HttpHeaders headers) {
    Map<String, List<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.iteratorAsString().forEachRemaining(h ->
        out.computeIfAbsent(h.getKey(), name -> new ArrayList<>(1)).add(h.getValue()));
    return out;
  }

  /** The path and query of a request target in absolute form ({@code http://host/path?query}). */
  private static String withoutAuthority(String uri) {
    int scheme = uri.indexOf("://");
    if (uri.startsWith("/") || scheme < 0) {
      return uri;
    }
    int path = uri.indexOf('/', scheme + 3);
    return path < 0 ? "/" : uri.substring(path);
  }

  private static void badRequest(ChannelHandlerContext ctx, String why) {
    DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION, "close");
    LOG.debug("Bad HTTP request from {}: {}", ctx.channel().remoteAddress(), why);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
