package io.ferry.common.security;

import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

/**
 * Hands gRPC the SSL engines Netty makes for its own SslHandler. gRPC builds
 * its SslHandler around {@code newEngine}, and Netty's OpenSSL context makes
 * those engines in "JDK compatibility mode": the handler then decrypts one
 * TLS record (at most 16 KiB) per call, copying each into a buffer of its
 * own, as the JDK's engine needs. The engines of {@code newHandler} decrypt
 * every record a socket read brought in one call, into one buffer: a 1 MiB
 * block chunk costs a few calls instead of 64. The handler made along with
 * the engine is dropped unused (it holds nothing: an SslHandler starts its
 * work once added to a pipeline). With the JDK's engine, where there is no
 * such mode, the engines are the same either way.
 */
final class MultiRecordSslContext extends SslContext {
  private final SslContext delegate;

  MultiRecordSslContext(SslContext delegate) {
    this.delegate = delegate;
  }

  @Override
  public SSLEngine newEngine(ByteBufAllocator alloc) {
    return delegate.newHandler(alloc).engine();
  }

  @Override
  public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
    return delegate.newHandler(alloc, peerHost, peerPort).engine();
  }

  @Override
  public boolean isClient() {
    return delegate.isClient();
  }

  @Override
  public List<String> cipherSuites() {
    return delegate.cipherSuites();
  }

  @Override
  public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
    return delegate.applicationProtocolNegotiator();
  }

  @Override
  public SSLSessionContext sessionContext() {
    return delegate.sessionContext();
  }
}
