package io.ferry.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The idle connections to workers' block transports, kept for the next read:
 * a client that reads file after file from a worker connects to it once per
 * reader thread, not once per block.
 */
final class BlockConnections implements AutoCloseable {
  /** Idle connections kept per worker; more are closed when given back. */
  private static final int MAX_IDLE_PER_WORKER = 16;

  private final Duration connectTimeout;
  private final Duration stallTimeout;
  private final Map<String, Deque<BlockConnection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  BlockConnections(Duration connectTimeout, Duration stallTimeout) {
    this.connectTimeout = connectTimeout;
    this.stallTimeout = stallTimeout;
  }

  /** An idle connection to the worker's transport, or a new one. */
  BlockConnection take(WorkerEndpoint worker) throws IOException {
    BlockConnection kept = idleOf(worker).pollFirst();
    return kept != null ? kept : connect(worker);
  }

  /** A new connection, for a read that failed on a kept one the worker may have closed while idle. */
  BlockConnection connect(WorkerEndpoint worker) throws IOException {
    return BlockConnection.open(worker.host(), worker.dataPort(), connectTimeout, stallTimeout);
  }

  /** Keeps a connection whose last answer was read whole. */
  void giveBack(WorkerEndpoint worker, BlockConnection connection) {
    Deque<BlockConnection> kept = idleOf(worker);
    if (closed || kept.size() >= MAX_IDLE_PER_WORKER) {
      connection.close();
      return;
    }
    kept.addFirst(connection);
    if (closed) {
      close();
    }
  }

  private Deque<BlockConnection> idleOf(WorkerEndpoint worker) {
    return idle.computeIfAbsent(worker.host() + ":" + worker.dataPort(), k -> new ConcurrentLinkedDeque<>());
  }

  @Override
  public void close() {
    closed = true;
    for (Deque<BlockConnection> kept : idle.values()) {
      for (BlockConnection c; (c = kept.pollFirst()) != null; ) {
        c.close();
      }
    }
  }
}
