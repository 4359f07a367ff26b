package io.ferry.worker.transport;

import io.ferry.common.DaemonThreads;
import io.ferry.common.conf.PropertyKey;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.fetch.BlockReads;
import io.ferry.worker.security.CapabilityGuard;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's block transport ({@link io.ferry.common.transport.BlockTransportFrames}):
 * accepts connections and serves each on a thread of its own, which blocks
 * on the socket as a reader drains it, so a slow reader holds back only its
 * own thread. A client keeps a few connections per worker, one per block it
 * reads at a time.
 *
 * <p>At most {@code maxConnections} are served at once (one thread each): a
 * connection beyond them takes the place of the one that has waited longest
 * for a request (its client sends its next request on a new connection), or,
 * when every connection is answering one, waits for one to end; the
 * listener's backlog holds the connections that come meanwhile.
 */
public final class BlockTransportServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockTransportServer.class);

  private final ServerSocketChannel listener;
  private final BlockReads reads;
  private final WorkerCounters counters;
  private final CapabilityGuard guard;
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.numbered("worker-data"));
  private final Map<SocketChannel, BlockTransportConnection> open = new ConcurrentHashMap<>();
  private final int maxConnections;
  private final Semaphore slots;
  private long lastFullWarningNanos;
  private volatile boolean closed;

  private BlockTransportServer(ServerSocketChannel listener, int maxConnections, BlockReads reads,
      WorkerCounters counters, CapabilityGuard guard) {
    this.maxConnections = maxConnections;
    this.slots = new Semaphore(maxConnections);
    this.guard = guard;
    this.listener = listener;
    this.reads = reads;
    this.counters = counters;
  }

  /** Listens on {@code bindHost:port} (0: a free port) and starts accepting, serving at most {@code maxConnections}. */
  public static BlockTransportServer start(String bindHost, int port, int maxConnections, BlockReads reads,
      WorkerCounters counters, CapabilityGuard guard) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(new InetSocketAddress(bindHost, port));
    } catch (IOException e) {
      listener.close();
      throw new IOException("Cannot listen for the block transport on " + bindHost + ":" + port + ": " + e, e);
    }
    BlockTransportServer server = new BlockTransportServer(listener, maxConnections, reads, counters, guard);
    DaemonThreads.thread("worker-data-accept", server::acceptLoop).start();
    return server;
  }

  public int port() {
    return listener.socket().getLocalPort();
  }

  /** The connections served now. */
  public int connections() {
    return open.size();
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel socket = null;
      try {
        socket = listener.accept();
        takeSlot();
      } catch (ClosedChannelException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeQuietly(socket);
        return;
      } catch (IOException | RuntimeException e) {
        closeQuietly(socket);
        if (!closed) {
          LOG.warn("Accepting a block transport connection failed", e);
        }
        continue;
      }
      try {
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true); // the answer's header goes out at once
        BlockTransportConnection connection = new BlockTransportConnection(socket, reads, counters, guard);
        SocketChannel accepted = socket;
        open.put(accepted, connection);
        threads.execute(() -> serve(accepted, connection));
      } catch (IOException | RuntimeException e) {
        open.remove(socket);
        slots.release();
        closeQuietly(socket);
        if (!closed) {
          LOG.warn("Serving a block transport connection failed", e);
        }
      }
    }
  }

  /**
   * A slot for the next connection: a free one, else the slot of the
   * connection idle longest (closed; its thread gives the slot back as it
   * ends), else the first slot a connection that ends gives back.
   */
  private void takeSlot() throws InterruptedException {
    while (!slots.tryAcquire()) {
      if (!closeLongestIdle()) {
        warnFull();
      }
      if (slots.tryAcquire(1, TimeUnit.SECONDS)) {
        return;
      }
    }
  }

  private boolean closeLongestIdle() {
    long now = System.nanoTime();
    List<BlockTransportConnection> idleFirst = open.values().stream()
        .filter(c -> c.idleNanos(now).isPresent())
        .sorted(Comparator.comparingLong((BlockTransportConnection c) -> c.idleNanos(now).orElse(0)).reversed())
        .toList();
    for (BlockTransportConnection c : idleFirst) {
      if (c.closeIfIdle()) {
        return true;
      }
    }
    return false;
  }

  private void warnFull() {
    long now = System.nanoTime();
    if (lastFullWarningNanos == 0 || now - lastFullWarningNanos > TimeUnit.MINUTES.toNanos(1)) {
      lastFullWarningNanos = now;
      LOG.warn("The block transport answers {} connections, its most ({}): new connections wait for one to end",
          maxConnections, PropertyKey.WORKER_DATA_MAX_CONNECTIONS);
    }
  }

  private void serve(SocketChannel socket, BlockTransportConnection connection) {
    try (socket) {
      connection.serve();
    } catch (IOException e) {
      LOG.debug("A block transport connection ended: {}", e.toString());
    } finally {
      open.remove(socket);
      slots.release();
    }
  }

  private static void closeQuietly(SocketChannel socket) {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      LOG.debug("Closing a block transport connection failed", e);
    }
  }

  /** Stops accepting and closes every connection (their reads fail; clients read another copy). */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("Closing the block transport listener failed", e);
    }
    open.keySet().forEach(BlockTransportServer::closeQuietly);
    threads.shutdown();
  }
}
