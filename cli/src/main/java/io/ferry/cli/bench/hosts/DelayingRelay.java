package io.ferry.cli.bench.hosts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay that adds a one-way delay to every byte it forwards, in each
 * direction, and can be stalled: while stalled it forwards nothing but keeps
 * every connection open, as a link that stopped passing packets. The kernel
 * here has no netem; this puts latency on a path in user space.
 *
 * <p>Each direction of a connection has a reader that stamps what it reads
 * with the time it is due and a writer that sends it then, so the delay does
 * not cap throughput below {@link #QUEUED_CHUNKS} x {@link #CHUNK_BYTES} per
 * delay. End of stream travels with the same delay (as a half-close).
 *
 * <p>Also a program, to run on a simulated host: {@code DelayingRelay
 * LISTEN_HOST:PORT TARGET_HOST:PORT DELAY_MS}; it prints "listening" once it
 * accepts, then reads commands from standard input: "stall", "resume".
 */
public final class DelayingRelay implements AutoCloseable {
  public static final int CHUNK_BYTES = 64 << 10;
  public static final int QUEUED_CHUNKS = 1024;
  private static final byte[] END = new byte[0];

  private final InetSocketAddress target;
  private final long delayNanos;
  private final ServerSocket server;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Object stallLock = new Object();
  private boolean stalled;

  private record Chunk(byte[] bytes, long dueNanos) {}

  private DelayingRelay(ServerSocket server, InetSocketAddress target, Duration oneWayDelay) {
    this.server = server;
    this.target = target;
    this.delayNanos = oneWayDelay.toNanos();
  }

  /** A relay listening on {@code listen} (port 0: any free port) that forwards to {@code target}. */
  public static DelayingRelay start(InetSocketAddress listen, InetSocketAddress target, Duration oneWayDelay)
      throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    DelayingRelay relay = new DelayingRelay(server, target, oneWayDelay);
    daemon("delaying-relay-accept", relay::acceptLoop);
    return relay;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Stops forwarding in both directions on every connection; nothing is dropped or closed. */
  public void stall() {
    synchronized (stallLock) {
      stalled = true;
    }
  }

  /** Forwards again what was held, each chunk no earlier than its delay. */
  public void resume() {
    synchronized (stallLock) {
      stalled = false;
      stallLock.notifyAll();
    }
  }

  @Override
  public void close() {
    closeQuietly(server);
    open.forEach(DelayingRelay::closeQuietly);
    resume();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target);
        } catch (IOException e) {
          closeQuietly(client); // the target is down: the client sees its connection closed
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Forwards {@code from} to {@code to} with the delay, on two threads. */
  private void pipe(Socket from, Socket to) {
    BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    daemon("delaying-relay-read", () -> {
      try {
        InputStream in = from.getInputStream(); // not closed here: that would close the other direction too
        byte[] buf = new byte[CHUNK_BYTES];
        for (int n; (n = in.read(buf)) > 0; ) {
          queue.put(new Chunk(Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
        }
      } catch (IOException e) {
        // the connection broke: end the stream the same way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      putQuietly(queue, new Chunk(END, System.nanoTime() + delayNanos));
    });
    daemon("delaying-relay-write", () -> {
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk c = queue.take();
          awaitDue(c.dueNanos());
          if (c.bytes() == END) {
            endStream(from, to);
            return;
          }
          out.write(c.bytes());
        }
      } catch (IOException | InterruptedException e) {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  /** Sleeps until {@code dueNanos}, and for as long as the relay is stalled. */
  private void awaitDue(long dueNanos) throws InterruptedException {
    for (long left; (left = dueNanos - System.nanoTime()) > 0; ) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
    synchronized (stallLock) {
      while (stalled) {
        stallLock.wait();
      }
    }
  }

  /** Passes on the end of {@code from}'s stream; both sockets close once both directions ended. */
  private synchronized void endStream(Socket from, Socket to) throws IOException {
    to.shutdownOutput();
    if (from.isOutputShutdown()) {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void putQuietly(BlockingQueue<Chunk> queue, Chunk c) {
    try {
      queue.put(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // closing for good
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: DelayingRelay LISTEN_HOST:PORT TARGET_HOST:PORT DELAY_MS");
      System.exit(2);
    }
    try (DelayingRelay relay = start(address(args[0]), address(args[1]), Duration.ofMillis(Long.parseLong(args[2])))) {
      System.out.println("listening");
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = commands.readLine()) != null; ) {
        switch (line.trim()) {
          case "stall" -> relay.stall();
          case "resume" -> relay.resume();
          default -> System.err.println("unknown command: " + line + " (stall, resume)");
        }
      }
    }
  }

  private static InetSocketAddress address(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    return new InetSocketAddress(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }
}
