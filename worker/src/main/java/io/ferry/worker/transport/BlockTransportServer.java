package io.ferry.worker.transport;

import io.ferry.common.DaemonThreads;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's block transport ({@link io.ferry.common.transport.BlockTransportFrames}):
 * accepts connections and serves each on a thread of its own, which blocks
 * on the socket as a reader drains it, so a slow reader holds back only its
 * own thread. A client keeps a few connections per worker, one per block it
 * reads at a time.
 */
public final class BlockTransportServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockTransportServer.class);

  private final ServerSocketChannel listener;
  private final BlockReads reads;
  private final WorkerCounters counters;
  private final CapabilityGuard guard;
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.numbered("worker-data"));
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private BlockTransportServer(ServerSocketChannel listener, BlockReads reads, WorkerCounters counters,
      CapabilityGuard guard) {
    this.guard = guard;
    this.listener = listener;
    this.reads = reads;
    this.counters = counters;
  }

  /** Listens on {@code bindHost:port} (0: a free port) and starts accepting. */
  public static BlockTransportServer start(String bindHost, int port, BlockReads reads, WorkerCounters counters,
      CapabilityGuard guard) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(new InetSocketAddress(bindHost, port));
    } catch (IOException e) {
      listener.close();
      throw new IOException("Cannot listen for the block transport on " + bindHost + ":" + port + ": " + e, e);
    }
    BlockTransportServer server = new BlockTransportServer(listener, reads, counters, guard);
    DaemonThreads.thread("worker-data-accept", server::acceptLoop).start();
    return server;
  }

  public int port() {
    return listener.socket().getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel socket = listener.accept();
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true); // the answer's header goes out at once
        open.add(socket);
        threads.execute(() -> serve(socket));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("Accepting a block transport connection failed", e);
        }
      }
    }
  }

  private void serve(SocketChannel socket) {
    try (socket) {
      new BlockTransportConnection(socket, reads, counters, guard).serve();
    } catch (IOException e) {
      LOG.debug("A block transport connection ended: {}", e.toString());
    } finally {
      open.remove(socket);
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
    for (SocketChannel socket : open) {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("Closing a block transport connection failed", e);
      }
    }
    threads.shutdown();
  }
}
