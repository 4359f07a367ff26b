package io.ferry.client;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.ReadBlockRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Reads a block over a worker's block transport: one request for the range
 * from the first read to the end of the block, whose raw bytes then arrive
 * as fast as the link carries them. A read elsewhere in the block drops the
 * rest of the range (closing the connection) and asks again from there.
 */
final class TransportBlockReader extends RangeStreamBlockReader {
  private final BlockConnections connections;
  /** The connection whose answer is being read; null between ranges. */
  private BlockConnection connection;
  /** Bytes of the answer not read yet. */
  private long remaining;

  TransportBlockReader(WorkerEndpoint worker, BlockConnections connections, ReadBlockRequest request,
      long blockLength, Duration stallTimeout) {
    super(worker, request, blockLength, stallTimeout);
    this.connections = connections;
  }

  @Override
  protected boolean isOpen() {
    return connection != null;
  }

  @Override
  protected int readOpen(ByteBuffer dst) throws IOException {
    if (connection == null) {
      throw new IOException("Worker at " + worker.hostPort() + " answered no bytes of block " + request.getBlockId()
          + " at " + streamPos + " of " + blockLength);
    }
    int n;
    try {
      n = connection.read(dst, (int) Math.min(Integer.MAX_VALUE, remaining));
    } catch (IOException e) {
      drop();
      throw failure("reading block " + request.getBlockId() + " at " + streamPos, e);
    }
    remaining -= n;
    if (remaining == 0) {
      connections.giveBack(worker, connection);
      connection = null;
    }
    return n;
  }

  @Override
  protected void open(ReadBlockRequest range) throws IOException {
    BlockConnection c = take();
    while (connection == null) {
      boolean kept = c.used();
      try {
        remaining = c.request(range);
        connection = c;
      } catch (FerryException e) {
        connections.giveBack(worker, c); // the worker's answer, read whole: the connection goes on
        throw e;
      } catch (IOException e) {
        c.close();
        if (!kept) {
          throw failure("requesting block " + range.getBlockId(), e);
        }
        // the worker may have closed the kept connection while it was idle: once more on a new one
        c = connect();
      }
    }
    if (remaining == 0) {
      connections.giveBack(worker, connection);
      connection = null;
    }
  }

  private BlockConnection take() throws IOException {
    try {
      return connections.take(worker);
    } catch (IOException e) {
      throw failure("connecting", e);
    }
  }

  private BlockConnection connect() throws IOException {
    try {
      return connections.connect(worker);
    } catch (IOException e) {
      throw failure("connecting", e);
    }
  }

  /** A transport failure as the worker fault it is: the reader goes on with another copy. */
  private FerryException failure(String doing, IOException e) {
    String why = e instanceof SocketTimeoutException ? "sent no data for " + stallTimeout + " (stalled or cut off)"
        : e.toString();
    return new FerryException(ErrorCode.UNAVAILABLE, "Block transport of worker at " + worker.host() + ":"
        + worker.dataPort() + " failed " + doing + ": " + why, e);
  }

  /** A connection in the middle of an answer cannot carry another request: closed. */
  @Override
  protected void drop() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
