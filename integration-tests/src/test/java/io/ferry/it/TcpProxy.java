package io.ferry.it;

import io.ferry.common.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a real server, to put faults between Ferry
 * and its under storage: it can be stopped and started again on the same
 * port (an outage), and can answer the first N connections with an HTTP 503
 * (throttling) before passing traffic through untouched, or fall silent (a
 * server that accepts connections and never answers).
 */
public final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final AtomicInteger throttleLeft = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private volatile boolean silent;
  private volatile long holdAfter = Long.MAX_VALUE;
  private volatile CountDownLatch held = new CountDownLatch(0);
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private ServerSocket server;

  private TcpProxy(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  /** A proxy for the host:port of an http:// endpoint. */
  public static TcpProxy forEndpoint(String endpoint) throws IOException {
    URI uri = URI.create(endpoint);
    TcpProxy proxy = new TcpProxy(new InetSocketAddress(uri.getHost(), uri.getPort()), FerryCluster.freePort());
    proxy.start();
    return proxy;
  }

  /** The endpoint with the proxy in place of the server (same scheme and path). */
  public String endpointFor(String endpoint) {
    URI uri = URI.create(endpoint);
    return uri.getScheme() + "://127.0.0.1:" + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /** The next {@code n} connections get "503 Slow Down" and are closed. */
  void throttleNext(int n) {
    throttleLeft.set(n);
  }

  int throttledCount() {
    return throttled.get();
  }

  synchronized void start() throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    ServerSocket s = server;
    DaemonThreads.thread("tcp-proxy-" + port, () -> acceptLoop(s)).start();
  }

  /**
   * From now on the server hangs: the open connections are cut (clients
   * retry on new ones) and new connections are accepted and never answered.
   */
  public void silence() {
    silent = true;
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /**
   * From now on each connection passes the first {@code bytes} bytes of what
   * the server sends and holds the rest until the returned latch is counted down.
   */
  CountDownLatch holdAnswersAfter(long bytes) {
    holdAfter = bytes;
    held = new CountDownLatch(1);
    return held;
  }

  /** Closes the listening socket and every open connection: the server looks gone. */
  synchronized void stop() {
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  @Override
  public void close() {
    stop();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        if (silent) {
          open.add(client); // held open, never read, until stop()
        } else if (throttleLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throttle(client);
        } else {
          forward(client);
        }
      } catch (IOException e) {
        return; // stopped
      }
    }
  }

  private void throttle(Socket client) {
    throttled.incrementAndGet();
    daemon(() -> {
      try (client) {
        skipRequestHeaders(client.getInputStream());
        client.getOutputStream().write(("HTTP/1.1 503 Slow Down\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      } catch (IOException ignored) {
        // the client gave up first: same effect
      }
    });
  }

  private void forward(Socket client) throws IOException {
    Socket upstream = new Socket(target.getAddress(), target.getPort());
    open.add(client);
    open.add(upstream);
    daemon(() -> pipe(client, upstream, false));
    daemon(() -> pipe(upstream, client, true));
  }

  /**
   * Copies {@code from} to {@code to}; what the server sends ({@code answers})
   * is held after {@link #holdAfter} bytes (counted from the latest hold)
   * until that hold is released.
   */
  private void pipe(Socket from, Socket to, boolean answers) {
    byte[] buffer = new byte[64 << 10];
    CountDownLatch hold = held;
    long copied = 0;
    try {
      InputStream in = from.getInputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (answers && hold != held) { // a new hold: count afresh on a connection kept from before
          hold = held;
          copied = 0;
        }
        int passed = answers ? (int) Math.min(n, Math.max(0, holdAfter - copied)) : n;
        to.getOutputStream().write(buffer, 0, passed);
        copied += passed;
        if (passed < n) {
          hold.await();
          to.getOutputStream().write(buffer, passed, n - passed);
          copied += n - passed;
        }
      }
    } catch (IOException | InterruptedException ignored) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void skipRequestHeaders(InputStream in) throws IOException {
    int state = 0;
    for (int b; state < 4 && (b = in.read()) >= 0; ) {
      state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
    }
  }

  private static void daemon(Runnable r) {
    DaemonThreads.thread("tcp-proxy-pipe", r).start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception ignored) {
      // closing for good
    }
  }
}
