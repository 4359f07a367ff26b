package io.ferry.client;

import io.ferry.proto.ReadBlockRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Reads a block from a worker as one streamed range: opened at the first
 * read, from there to the end of the block, and read on while reads are
 * sequential; a read elsewhere in the block drops the rest of the range and
 * asks again from there. Subclasses carry the range over one transport.
 */
abstract class RangeStreamBlockReader implements BlockReader {
  protected final WorkerEndpoint worker;
  /** The block, its UFS source, and the range of the first read ({@code length} -1: to the end of the block). */
  protected final ReadBlockRequest request;
  protected final long blockLength;
  /** How long a read waits for data from the worker before it fails. */
  protected final Duration stallTimeout;
  /** Where in the block the next byte of the open range is; -1 before the first read. */
  protected long streamPos = -1;

  RangeStreamBlockReader(WorkerEndpoint worker, ReadBlockRequest request, long blockLength, Duration stallTimeout) {
    this.worker = worker;
    this.request = request;
    this.blockLength = blockLength;
    this.stallTimeout = stallTimeout;
  }

  @Override
  public final int read(long posInBlock, ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining() || posInBlock >= blockLength) {
      return 0;
    }
    if (posInBlock != streamPos || !isOpen()) {
      ReadBlockRequest range = rangeFrom(posInBlock);
      drop();
      open(range);
      streamPos = posInBlock;
    }
    int n = readOpen(dst);
    streamPos += n;
    return n;
  }

  /** The first read asks for the range the caller gave; any other for the rest of the block. */
  private ReadBlockRequest rangeFrom(long posInBlock) {
    boolean first = streamPos < 0 && posInBlock == request.getOffset();
    return first ? request : request.toBuilder().setOffset(posInBlock).setLength(-1).build();
  }

  /** True while a range is open and has bytes left to read. */
  protected abstract boolean isOpen();

  /** Asks the worker for {@code range}. */
  protected abstract void open(ReadBlockRequest range) throws IOException;

  /** Reads at least one byte of the open range into {@code dst}. */
  protected abstract int readOpen(ByteBuffer dst) throws IOException;

  /** Drops the open range, if any. */
  protected abstract void drop();

  @Override
  public final ReadSource source() {
    return ReadSource.WORKER_STREAM;
  }

  @Override
  public final WorkerEndpoint worker() {
    return worker;
  }

  @Override
  public final void close() {
    drop();
  }
}
