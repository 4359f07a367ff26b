package io.ferry.s3;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The HTTP server of the S3 endpoint, on Netty: a couple of event loops
 * move bytes (request bodies in, responses out of pooled direct buffers),
 * the operations run on their own threads, since they block on Ferry.
 */
final class S3Server implements AutoCloseable {
  private static final int MAX_INITIAL_LINE = 16 << 10;
  private static final int MAX_HEADERS = 64 << 10;
  private static final int MAX_CHUNK = 64 << 10;
  /**
   * A connection's socket send buffer: a whole 4 MiB block fits, so that
   * once it is written the kernel sends it on as the client reads, without
   * waking the event loop again (the default buffer, grown by the kernel,
   * takes a block in several writes, each after a wake-up, and on a busy
   * machine every wake-up waits for a CPU). The kernel caps it at
   * net.core.wmem_max.
   */
  private static final int SEND_BUFFER = 4 << 20;

  private final EventLoopGroup acceptor;
  private final EventLoopGroup loops;
  private final Channel listener;

  private S3Server(EventLoopGroup acceptor, EventLoopGroup loops, Channel listener) {
    this.acceptor = acceptor;
    this.loops = loops;
    this.listener = listener;
  }

  /**
   * Listens on {@code address}, handing requests to {@code handler} on {@code operations}; https with
   * {@code tls} when there is one (the daemon's certificate; clients are not asked for one: SigV4 tells who
   * they are).
   */
  static S3Server start(InetSocketAddress address, S3Handler handler, Executor operations, Optional<SSLContext> tls)
      throws IOException {
    EventLoopGroup acceptor = eventLoops(1, "s3-accept");
    EventLoopGroup loops = eventLoops(Math.max(2, Runtime.getRuntime().availableProcessors()), "s3-io");
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptor, loops)
        .channel(serverChannel())
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_SNDBUF, SEND_BUFFER)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            tls.ifPresent(context -> ch.pipeline().addLast(new SslHandler(serverEngine(context))));
            ch.pipeline()
                .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK))
                .addLast(new HttpServerExpectContinueHandler())
                .addLast(new S3ChannelHandler(handler, operations));
          }
        });
    ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException(bound.cause().toString(), bound.cause());
    }
    return new S3Server(acceptor, loops, bound.channel());
  }

  private static SSLEngine serverEngine(SSLContext context) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    return engine;
  }

  /**
   * Native epoll event loops where Netty's library loads, else NIO's. An
   * operation thread wakes its connection's loop for every response; NIO's
   * wake-up holds a JDK lock that the loop takes as soon as it wakes, so a
   * waker the scheduler preempts just after the wake-up stalls the loop
   * until it runs again (25-167 ms under load, in JFR recordings of the
   * worker). Epoll's wake-up is a write to an eventfd, with no lock.
   */
  private static EventLoopGroup eventLoops(int threads, String name) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory(name, true);
    return Epoll.isAvailable() ? new EpollEventLoopGroup(threads, threadFactory)
        : new NioEventLoopGroup(threads, threadFactory);
  }

  private static Class<? extends ServerChannel> serverChannel() {
    return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
