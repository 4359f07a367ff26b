package io.ferry.common.security;

import io.ferry.common.DaemonThreads;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The TLS of one process's connections (ferry.security.tls.*), or plaintext
 * when it is off. The certificate, key and CA files are read at start and
 * re-read when they change (checked every
 * ferry.security.tls.refresh.interval), so new connections use rotated
 * certificates without a restart. Servers' certificates are checked against
 * the CA and must name the host they are reached by.
 */
public final class TransportSecurity implements AutoCloseable {
  /** One thread for the file checks of every TransportSecurity of the JVM. */
  private static final class Refresher {
    static final ScheduledExecutorService THREAD =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tls-refresh"));
  }

  private final boolean enabled;
  private final Optional<AdvancedTlsX509KeyManager> identity;
  private final AdvancedTlsX509TrustManager trust;
  private final TlsClientAuth clientAuth;
  private final List<AutoCloseable> refreshes;

  private TransportSecurity(boolean enabled, Optional<AdvancedTlsX509KeyManager> identity,
      AdvancedTlsX509TrustManager trust, TlsClientAuth clientAuth, List<AutoCloseable> refreshes) {
    this.enabled = enabled;
    this.identity = identity;
    this.trust = trust;
    this.clientAuth = clientAuth;
    this.refreshes = refreshes;
  }

  /** No TLS (tests and processes that talk plaintext by design). */
  public static TransportSecurity plaintext() {
    return new TransportSecurity(false, Optional.empty(), null, TlsClientAuth.NONE, List.of());
  }

  /** Plaintext when ferry.security.tls.enabled is false; else loads the files and watches them. */
  public static TransportSecurity of(FerryConfiguration conf) {
    if (!conf.getBoolean(PropertyKey.SECURITY_TLS_ENABLED)) {
      return plaintext();
    }
    long refreshMs = Math.max(1, conf.getDuration(PropertyKey.SECURITY_TLS_REFRESH_INTERVAL).toMillis());
    List<AutoCloseable> refreshes = new ArrayList<>();
    try {
      AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
          .build();
      Optional<File> ca = file(conf, PropertyKey.SECURITY_TLS_CA);
      if (ca.isPresent()) {
        refreshes.add(trust.updateTrustCredentials(ca.get(), refreshMs, TimeUnit.MILLISECONDS, Refresher.THREAD));
      } else {
        trust.useSystemDefaultTrustCerts();
      }
      Optional<File> cert = file(conf, PropertyKey.SECURITY_TLS_CERT);
      Optional<File> key = file(conf, PropertyKey.SECURITY_TLS_KEY);
      if (cert.isPresent() != key.isPresent()) {
        throw new ConfigurationException("Configuration keys '" + PropertyKey.SECURITY_TLS_CERT + "' and '"
            + PropertyKey.SECURITY_TLS_KEY + "' go together: set both or neither");
      }
      Optional<AdvancedTlsX509KeyManager> identity = Optional.empty();
      if (cert.isPresent()) {
        AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
        refreshes.add(keys.updateIdentityCredentials(cert.get(), key.get(), refreshMs, TimeUnit.MILLISECONDS,
            Refresher.THREAD));
        identity = Optional.of(keys);
      }
      return new TransportSecurity(true, identity, trust, TlsClientAuth.of(conf), refreshes);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      refreshes.forEach(TransportSecurity::closeQuietly);
      if (e instanceof ConfigurationException ce) {
        throw ce;
      }
      throw new ConfigurationException("Cannot load the TLS files (" + PropertyKey.SECURITY_TLS_CERT + ", "
          + PropertyKey.SECURITY_TLS_KEY + ", " + PropertyKey.SECURITY_TLS_CA + "): " + e.getMessage());
    }
  }

  private static Optional<File> file(FerryConfiguration conf, PropertyKey key) {
    String path = conf.getString(key).trim();
    if (path.isEmpty()) {
      return Optional.empty();
    }
    File f = new File(path);
    if (!f.canRead()) {
      throw new ConfigurationException("Configuration key '" + key + "' names " + path + ", which cannot be read");
    }
    return Optional.of(f);
  }

  public boolean enabled() {
    return enabled;
  }

  /** What a client channel connects with: TLS checking the server, presenting this process's certificate if any. */
  public ChannelCredentials channelCredentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(trust);
    identity.ifPresent(b::keyManager);
    return b.build();
  }

  /** What a server listens with: TLS with this process's certificate, asking clients for theirs as configured. */
  public ServerCredentials serverCredentials() {
    if (!enabled) {
      return InsecureServerCredentials.create();
    }
    return TlsServerCredentials.newBuilder().keyManager(serverIdentity()).trustManager(trust)
        .clientAuth(clientAuth.grpc()).build();
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

  /** Stops watching the files. */
  @Override
  public void close() {
    refreshes.forEach(TransportSecurity::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // a refresh task that cannot be cancelled only keeps checking files
    }
  }
}
