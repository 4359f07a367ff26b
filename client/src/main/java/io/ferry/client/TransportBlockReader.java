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
final class TransportBlockReader implements BlockReader {
  private final WorkerEndpoint worker;
  private final BlockConnections connections;
  private final ReadBlockRequest request;
  private final long blockLength;
  private final Duration stallTimeout;
  /** The connection whose answer is being read; null between ranges. */
  private BlockConnection connection;
  /** Bytes of the answer not read yet. */
  private long remaining;
  private long streamPos = -1;

  /**
   * @param request the block, its UFS source, and the range of the first read
   *     ({@code length} -1 reads to the end of the block)
   */
  TransportBlockReader(WorkerEndpoint worker, BlockConnections connections, ReadBlockRequest request,
      long blockLength, Duration stallTimeout) {
    this.worker = worker;
    this.connections = connections;
    this.request = request;
    this.blockLength = blockLength;
    this.stallTimeout = stallTimeout;
  }

  @Override
  public int read(long posInBlock, ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining() || posInBlock >= blockLength) {
      return 0;
    }
    if (posInBlock != streamPos || connection == null) {
      open(posInBlock);
    }
    int n;
    try {
      n = connection.read(dst, (int) Math.min(Integer.MAX_VALUE, remaining));
    } catch (IOException e) {
      dropConnection();
      throw failure("reading block " + request.getBlockId() + " at " + streamPos, e);
    }
    streamPos += n;
    remaining -= n;
    if (remaining == 0) {
      connections.giveBack(worker, connection);
      connection = null;
    }
    return n;
  }

  private void open(long posInBlock) throws IOException {
    dropConnection();
    boolean first = streamPos < 0 && posInBlock == request.getOffset();
    ReadBlockRequest req = first ? request : request.toBuilder().setOffset(posInBlock).setLength(-1).build();
    BlockConnection c = take();
    while (connection == null) {
      boolean kept = c.used();
      try {
        remaining = c.request(req);
        connection = c;
      } catch (FerryException e) {
        connections.giveBack(worker, c); // the worker's answer, read whole: the connection goes on
        throw e;
      } catch (IOException e) {
        c.close();
        if (!kept) {
          throw failure("requesting block " + req.getBlockId(), e);
        }
        // the worker may have closed the kept connection while it was idle: once more on a new one
        c = connect();
      }
    }
    streamPos = posInBlock;
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
  private void dropConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  @Override
  public ReadSource source() {
    return ReadSource.WORKER_STREAM;
  }

  @Override
  public WorkerEndpoint worker() {
    return worker;
  }

  @Override
  public void close() {
    dropConnection();
  }
}
