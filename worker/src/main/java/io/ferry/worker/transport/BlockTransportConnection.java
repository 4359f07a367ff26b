package io.ferry.worker.transport;

import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.transport.BlockTransportFrames;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.fetch.BlockRange;
import io.ferry.worker.fetch.BlockReads;
import io.ferry.worker.fetch.OpenBlock;
import io.ferry.worker.security.CapabilityGuard;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.OptionalLong;

/** Serves one block transport connection: its requests one after the other, until the client closes it. */
final class BlockTransportConnection {
  private final SocketChannel socket;
  private final DataInputStream in;
  /** Headers only; flushed before the range is written to the socket directly. */
  private final DataOutputStream headers;
  private final BlockReads reads;
  private final WorkerCounters counters;
  private final CapabilityGuard guard;
  /** When the connection began waiting for its next request; 0 while it answers one. */
  private long idleSinceNanos = Math.max(1, System.nanoTime());
  private boolean closedWhileIdle;

  /**
   * A connection idle this long between requests is closed: its client may
   * be gone without a word (its host cut off). A client that comes back
   * later sends its request again on a new connection.
   */
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

  BlockTransportConnection(SocketChannel socket, BlockReads reads, WorkerCounters counters, CapabilityGuard guard)
      throws IOException {
    this.guard = guard;
    this.socket = socket;
    socket.socket().setSoTimeout((int) IDLE_TIMEOUT.toMillis());
    // the socket's own stream, as it honours the timeout; unbuffered, as a buffer could read past a request
    this.in = new DataInputStream(socket.socket().getInputStream());
    this.headers = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(socket), 4096));
    this.reads = reads;
    this.counters = counters;
  }

  void serve() throws IOException {
    while (true) {
      ReadBlockRequest request;
      try {
        request = BlockTransportFrames.readRequest(in);
      } catch (EOFException | SocketTimeoutException e) {
        return; // the client closed the connection between requests, or left it idle
      }
      if (!busy()) {
        return; // closed to make room for another: the client sends the request again on a new connection
      }
      answer(request);
      idle();
    }
  }

  /** How long it has waited for a request; empty while it answers one. */
  synchronized OptionalLong idleNanos(long nowNanos) {
    return idleSinceNanos == 0 ? OptionalLong.empty() : OptionalLong.of(nowNanos - idleSinceNanos);
  }

  /** Closes the connection if it waits for a request (a client keeps such connections for later); else false. */
  synchronized boolean closeIfIdle() {
    if (idleSinceNanos == 0) {
      return false;
    }
    closedWhileIdle = true;
    try {
      socket.close();
    } catch (IOException e) {
      // closed either way
    }
    return true;
  }

  private synchronized boolean busy() {
    idleSinceNanos = 0;
    return !closedWhileIdle;
  }

  private synchronized void idle() {
    idleSinceNanos = Math.max(1, System.nanoTime());
  }

  /** Opens the block (fetching a miss), then sends the range; a failure before the first byte is answered. */
  private void answer(ReadBlockRequest request) throws IOException {
    OpenBlock block;
    BlockRange range;
    try {
      guard.checkRead(request);
      block = reads.open(request);
    } catch (IOException | RuntimeException e) {
      sendError(e);
      return;
    }
    try (block) {
      try {
        range = BlockRange.of(request, block.length());
      } catch (IOException e) {
        sendError(e);
        return;
      }
      BlockTransportFrames.writeOk(headers, range.length());
      headers.flush();
      // a failure from here on closes the connection: the client sees the range end early
      block.sendTo(socket, range.offset(), range.length());
      counters.bytesServed(range.length());
    }
  }

  private void sendError(Throwable e) throws IOException {
    BlockTransportFrames.writeError(headers, GrpcErrors.asFerryException(e));
    headers.flush();
  }
}
