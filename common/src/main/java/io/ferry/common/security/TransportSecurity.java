package io.ferry.common.security;

import io.ferry.common.DaemonThreads;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * The TLS of one process's connections (ferry.security.tls.*), or plaintext
 * when it is off. The certificate, key and CA files are read at start and
 * re-read when they change ({@link TlsFiles}, checked every
 * ferry.security.tls.refresh.interval), so new connections use rotated
 * certificates without a restart. Servers' certificates are checked against
 * the CA and must name the host they are reached by. The connections also
 * keep to this process's {@link RpcLimits}, TLS or not.
 */
public final class TransportSecurity implements AutoCloseable {
  /** One thread for the file checks of every TransportSecurity of the JVM. */
  private static final class Refresher {
    static final ScheduledExecutorService THREAD =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tls-refresh"));
  }

  private final boolean enabled;
  private final Optional<KeyManager> identity;
  private final AdvancedTlsX509TrustManager trust;
  private final TlsClientAuth clientAuth;
  private final Optional<ScheduledFuture<?>> refresh;
  private final RpcLimits limits;

  private TransportSecurity(boolean enabled, Optional<KeyManager> identity, AdvancedTlsX509TrustManager trust,
      TlsClientAuth clientAuth, Optional<ScheduledFuture<?>> refresh, RpcLimits limits) {
    this.enabled = enabled;
    this.limits = limits;
    this.identity = identity;
    this.trust = trust;
    this.clientAuth = clientAuth;
    this.refresh = refresh;
  }

  /** No TLS, default limits (tests and processes that talk plaintext by design). */
  public static TransportSecurity plaintext() {
    return plaintext(RpcLimits.DEFAULTS);
  }

  private static TransportSecurity plaintext(RpcLimits limits) {
    return new TransportSecurity(false, Optional.empty(), null, TlsClientAuth.NONE, Optional.empty(), limits);
  }

  /** Plaintext when ferry.security.tls.enabled is false; else loads the files and watches them. */
  public static TransportSecurity of(FerryConfiguration conf) {
    RpcLimits limits = RpcLimits.of(conf);
    if (!conf.getBoolean(PropertyKey.SECURITY_TLS_ENABLED)) {
      return plaintext(limits);
    }
    Optional<Path> cert = file(conf, PropertyKey.SECURITY_TLS_CERT);
    Optional<Path> key = file(conf, PropertyKey.SECURITY_TLS_KEY);
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigurationException("Configuration keys '" + PropertyKey.SECURITY_TLS_CERT + "' and '"
          + PropertyKey.SECURITY_TLS_KEY + "' go together: set both or neither");
    }
    Optional<Path> ca = file(conf, PropertyKey.SECURITY_TLS_CA);
    TlsClientAuth clientAuth = TlsClientAuth.of(conf);
    long refreshMs = Math.max(1, conf.getDuration(PropertyKey.SECURITY_TLS_REFRESH_INTERVAL).toMillis());
    try {
      AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
          .build();
      if (ca.isEmpty()) {
        trust.useSystemDefaultTrustCerts();
      }
      TlsFiles files = new TlsFiles(cert.map(c -> new TlsFiles.Identity(c, key.get())), ca, trust);
      files.load();
      ScheduledFuture<?> refresh = Refresher.THREAD.scheduleWithFixedDelay(files::reloadIfChanged, refreshMs,
          refreshMs, TimeUnit.MILLISECONDS);
      return new TransportSecurity(true, cert.map(c -> files.keyManager()), trust, clientAuth,
          Optional.of(refresh), limits);
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException("Cannot load the TLS files (" + PropertyKey.SECURITY_TLS_CERT + ", "
          + PropertyKey.SECURITY_TLS_KEY + ", " + PropertyKey.SECURITY_TLS_CA + "): " + e.getMessage());
    }
  }

  private static Optional<Path> file(FerryConfiguration conf, PropertyKey key) {
    String path = conf.getString(key).trim();
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Path f = Path.of(path);
    if (!Files.isReadable(f)) {
      throw new ConfigurationException("Configuration key '" + key + "' names " + path + ", which cannot be read");
    }
    return Optional.of(f);
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * What a client channel connects with: TLS checking the server, presenting this process's certificate if any.
   * Netty's SslContext is built here rather than by gRPC from TlsChannelCredentials (the same settings: gRPC's
   * defaults, OpenSSL where available) to hand gRPC engines that decrypt several records per call
   * ({@link MultiRecordSslContext}). The key and trust managers are asked at each handshake, so rotated
   * certificates still apply to new connections.
   */
  public ChannelCredentials channelCredentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    SslContextBuilder b = GrpcSslContexts.forClient().trustManager(trust);
    identity.ifPresent(b::keyManager);
    return NettySslContextChannelCredentials.create(multiRecord(b));
  }

  /** What a server listens with: TLS with this process's certificate, asking clients for theirs as configured. */
  public ServerCredentials serverCredentials() {
    if (!enabled) {
      return InsecureServerCredentials.create();
    }
    SslContextBuilder b = GrpcSslContexts.configure(SslContextBuilder.forServer(serverIdentity()))
        .trustManager(trust).clientAuth(clientAuth.netty());
    return NettySslContextServerCredentials.create(multiRecord(b));
  }

  private static SslContext multiRecord(SslContextBuilder b) {
    try {
      return new MultiRecordSslContext(b.build());
    } catch (SSLException e) {
      throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The JDK's TLS for the web port; empty when TLS is off. */
  public Optional<SSLContext> sslContext() {
    if (!enabled) {
      return Optional.empty();
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(identity.map(k -> new KeyManager[] {k}).orElse(null), new TrustManager[] {trust}, null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JDK has no TLS: " + e.getMessage(), e);
    }
  }

  /** This process's certificate and key, which a server cannot do without. */
  public KeyManager serverIdentity() {
    return identity.orElseThrow(() -> new ConfigurationException("TLS is on (" + PropertyKey.SECURITY_TLS_ENABLED
        + ") but a server needs its certificate: set " + PropertyKey.SECURITY_TLS_CERT + " and "
        + PropertyKey.SECURITY_TLS_KEY));
  }

  public TrustManager trustManager() {
    return trust;
  }

  public TlsClientAuth clientAuth() {
    return clientAuth;
  }

  public RpcLimits limits() {
    return limits;
  }

  /** Stops watching the files. */
  @Override
  public void close() {
    refresh.ifPresent(r -> r.cancel(false));
  }
}
