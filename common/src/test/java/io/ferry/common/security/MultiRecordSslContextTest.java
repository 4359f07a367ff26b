package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * The engines gRPC gets from {@link MultiRecordSslContext}, with the contexts
 * TransportSecurity builds (gRPC's defaults: OpenSSL here), against the ones
 * Netty's context gives gRPC on its own. 64 KiB sent is four TLS records.
 */
class MultiRecordSslContextTest {
  private static final int SENT = 64 << 10;
  private static final int RECORD = 16 << 10;

  @Test
  void itsEnginesDecryptEveryRecordOfAReadInOneCall() throws Exception {
    SslContext client = new MultiRecordSslContext(clientContext());
    SslContext server = new MultiRecordSslContext(serverContext());

    assertThat(bytesOneUnwrapDecrypts(client, server)).isEqualTo(SENT);
  }

  @Test
  void theEnginesNettyGivesGrpcDecryptOneRecordPerCall() throws Exception {
    assertThat(bytesOneUnwrapDecrypts(clientContext(), serverContext())).isEqualTo(RECORD);
  }

  /**
   * Connects two engines in memory, has the server send {@link #SENT} bytes, and returns how many of them
   * the client's first unwrap of data decrypts.
   */
  private static int bytesOneUnwrapDecrypts(SslContext clientContext, SslContext serverContext) throws Exception {
    SSLEngine client = clientContext.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
    SSLEngine server = serverContext.newEngine(ByteBufAllocator.DEFAULT);
    client.setUseClientMode(true);
    server.setUseClientMode(false);
    client.beginHandshake();
    server.beginHandshake();
    ByteBuffer toServer = ByteBuffer.allocate(1 << 20);
    ByteBuffer toClient = ByteBuffer.allocate(1 << 20);
    ByteBuffer app = ByteBuffer.allocate(1 << 20);
    while (handshaking(client) || handshaking(server)) {
      step(client, toClient, toServer, app);
      step(server, toServer, toClient, app);
    }
    ByteBuffer data = ByteBuffer.allocate(SENT);
    while (data.hasRemaining()) {
      server.wrap(data, toClient);
    }
    toClient.flip();
    app.clear();
    SSLEngineResult r;
    do { // TLS 1.3: records of session tickets, which the server sends after its handshake, come first
      r = client.unwrap(toClient, app);
    } while (r.bytesProduced() == 0 && r.bytesConsumed() > 0);
    return r.bytesProduced();
  }

  private static boolean handshaking(SSLEngine engine) {
    HandshakeStatus s = engine.getHandshakeStatus();
    return s != HandshakeStatus.FINISHED && s != HandshakeStatus.NOT_HANDSHAKING;
  }

  /** One handshake step of {@code engine}: reads what the peer sent, writes what it has to send. */
  private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws SSLException {
    in.flip();
    SSLEngineResult r;
    do {
      r = engine.unwrap(in, app);
    } while (in.hasRemaining() && r.bytesConsumed() > 0);
    in.compact();
    do {
      r = engine.wrap(ByteBuffer.allocate(0), out);
    } while (r.bytesProduced() > 0);
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }

  private static SslContext clientContext() throws SSLException {
    return GrpcSslContexts.forClient().trustManager(TestCertificates.cert()).build();
  }

  private static SslContext serverContext() throws SSLException {
    return GrpcSslContexts.configure(SslContextBuilder.forServer(TestCertificates.cert(), TestCertificates.key()))
        .build();
  }
}
