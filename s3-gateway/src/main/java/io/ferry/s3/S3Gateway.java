package io.ferry.s3;

import io.ferry.client.FerryClient;
import io.ferry.common.DaemonThreads;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.TransportSecurity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The S3-compatible endpoint of a worker: an HTTP server over the whole
 * Ferry namespace, reading and writing through its own {@link FerryClient}
 * (so reads of blocks the worker caches are short-circuit, {@code pread}
 * straight into the direct buffers the server writes to the socket).
 */
public final class S3Gateway implements AutoCloseable {
  private static final int THREADS = 32;

  private final S3Server server;
  private final ExecutorService threads;
  private final FerryClient client;

  private S3Gateway(S3Server server, ExecutorService threads, FerryClient client) {
    this.server = server;
    this.threads = threads;
    this.client = client;
  }

  /**
   * Serves S3 on {@code bindHost:port} with the access keys and anonymous
   * access of {@code conf}, over https when {@code security} has TLS on; empty when {@code port} is 0.
   */
  public static Optional<S3Gateway> start(FerryConfiguration conf, String bindHost, int port, String portKey,
      TransportSecurity security) throws IOException {
    if (port == 0) {
      return Optional.empty();
    }
    if (security.enabled()) {
      security.serverIdentity(); // fails at start, naming the keys, when the certificate is missing
    }
    SigV4Authenticator authenticator = new SigV4Authenticator(accessKeys(conf),
        conf.getBoolean(PropertyKey.S3_ANONYMOUS_ENABLED), Clock.systemUTC());
    FerryClient client = FerryClient.create(conf);
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("s3"));
    S3Namespace namespace = new S3Namespace(client, conf.getDuration(PropertyKey.S3_STATUS_CACHE_TTL));
    S3Server server;
    try {
      server = S3Server.start(new InetSocketAddress(bindHost, port), new S3Router(namespace, authenticator), threads,
          security.sslContext());
    } catch (IOException e) {
      threads.shutdownNow();
      client.close();
      throw new IOException("Cannot serve S3 on " + bindHost + ":" + port + " (" + portKey + "): " + e.getMessage(), e);
    }
    return Optional.of(new S3Gateway(server, threads, client));
  }

  private static AccessKeys accessKeys(FerryConfiguration conf) throws IOException {
    String file = conf.getString(PropertyKey.S3_CREDENTIALS_FILE).trim();
    if (file.isEmpty()) {
      return AccessKeys.none();
    }
    try {
      return AccessKeys.load(Path.of(file));
    } catch (IOException e) {
      throw new IOException("Cannot read the S3 access keys " + file + " (" + PropertyKey.S3_CREDENTIALS_FILE
          + "): " + e, e);
    }
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    threads.shutdownNow();
    client.close();
  }
}
