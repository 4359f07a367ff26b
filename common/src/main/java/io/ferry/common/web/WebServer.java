package io.ferry.common.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.ferry.common.DaemonThreads;
import io.ferry.common.metrics.ProcessMetrics;
import io.ferry.common.security.TlsClientAuth;
import io.ferry.common.security.TransportSecurity;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The web port of a daemon: {@code /metrics} (the registry in the Prometheus
 * text format; 404 when metrics are off), {@code /healthz} (200 while the process runs) and
 * {@code /readyz} (200 when the process's {@link Readiness} says so, 503 with
 * the reason otherwise), for Prometheus and Kubernetes probes, and the
 * daemon's own pages (the master's web UI). With TLS on it serves https
 * only, with the certificate and client checks of the gRPC ports.
 */
public final class WebServer implements AutoCloseable {
  private static final int THREADS = 2;

  private final HttpServer server;
  private final ExecutorService threads;

  private WebServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Serves {@code metrics} (404 saying so when they are off) and {@code readiness} on {@code bindHost:port};
   * empty when {@code port} is 0 (the web port is turned off). A port in use
   * fails with a message naming the address and {@code portKey}.
   */
  public static Optional<WebServer> start(String bindHost, int port, String portKey, TransportSecurity security,
      ProcessMetrics metrics, Readiness readiness) throws IOException {
    return start(bindHost, port, portKey, security, metrics, readiness, Map.of());
  }

  /** As above, also serving each of {@code pages} under its path prefix. */
  public static Optional<WebServer> start(String bindHost, int port, String portKey, TransportSecurity security,
      ProcessMetrics metrics, Readiness readiness, Map<String, HttpHandler> pages) throws IOException {
    if (port == 0) {
      return Optional.empty();
    }
    HttpServer server;
    try {
      server = create(new InetSocketAddress(bindHost, port), security);
    } catch (IOException e) {
      throw new IOException("Cannot serve the web port on " + bindHost + ":" + port + " (" + portKey + "): " + e, e);
    }
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("web"));
    server.setExecutor(threads);
    server.createContext("/metrics", metrics.enabled() ? new MetricsHandler(metrics.registry())
        : exchange -> respond(exchange, 404, ProcessMetrics.OFF_MESSAGE));
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
    server.createContext("/readyz", exchange -> {
      Optional<String> why = readiness.notReadyBecause();
      respond(exchange, why.isEmpty() ? 200 : 503, why.orElse("ready"));
    });
    pages.forEach(server::createContext);
    server.start();
    return Optional.of(new WebServer(server, threads));
  }

  private static HttpServer create(InetSocketAddress address, TransportSecurity security) throws IOException {
    Optional<SSLContext> tls = security.sslContext();
    if (tls.isEmpty()) {
      return HttpServer.create(address, 0);
    }
    security.serverIdentity(); // fails at start, naming the keys, when the certificate is missing
    HttpsServer https = HttpsServer.create(address, 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls.get()) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        p.setWantClientAuth(security.clientAuth() == TlsClientAuth.OPTIONAL);
        p.setNeedClientAuth(security.clientAuth() == TlsClientAuth.REQUIRED);
        params.setSSLParameters(p);
      }
    });
    return https;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    respond(exchange, status, "text/plain; charset=utf-8", (body + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code status} with {@code body} of {@code contentType}, closing the exchange. */
  public static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
