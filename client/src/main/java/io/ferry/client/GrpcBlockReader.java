package io.ferry.client;

import io.ferry.proto.BlockWorkerServiceGrpc.BlockWorkerServiceStub;
import io.ferry.proto.ReadBlockRequest;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Reads a block over a worker's ReadBlock stream. The stream is opened at the
 * first read and reused while reads are sequential; a read elsewhere in the
 * block cancels it and opens a new one there.
 */
final class GrpcBlockReader implements BlockReader {
  private final WorkerEndpoint worker;
  private final BlockWorkerServiceStub stub;
  private final ReadBlockRequest request;
  private final long blockLength;
  private final Duration stallTimeout;
  private ReadBlockStream stream;
  /** The chunk being read; null before the first and after the last. */
  private ReadBlockChunk chunk;
  private long streamPos = -1;

  /**
   * @param request the block, its UFS source, and the range of the first read
   *     ({@code length} -1 reads to the end of the block)
   * @param stallTimeout how long a read waits for data from the worker before it fails
   */
  GrpcBlockReader(WorkerEndpoint worker, BlockWorkerServiceStub stub, ReadBlockRequest request,
      long blockLength, Duration stallTimeout) {
    this.worker = worker;
    this.stub = stub;
    this.request = request;
    this.blockLength = blockLength;
    this.stallTimeout = stallTimeout;
  }

  @Override
  public int read(long posInBlock, ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining() || posInBlock >= blockLength) {
      return 0;
    }
    if (posInBlock != streamPos) {
      open(posInBlock);
    }
    try {
      while (chunk == null || chunk.remaining() == 0) {
        chunk = stream.next();
        if (chunk == null) {
          throw new IOException("Worker at " + worker.hostPort() + " ended block " + request.getBlockId()
              + " at " + streamPos + " of " + blockLength + " bytes");
        }
      }
    } catch (StatusRuntimeException e) {
      throw WorkerClients.fromStatus(e, worker);
    }
    int n = chunk.copyTo(dst);
    streamPos += n;
    return n;
  }

  private void open(long posInBlock) {
    cancel();
    boolean first = streamPos < 0 && posInBlock == request.getOffset();
    ReadBlockRequest req = first ? request : request.toBuilder().setOffset(posInBlock).setLength(-1).build();
    stream = ReadBlockStream.start(stub.getChannel(), stub.getCallOptions(), req, stallTimeout);
    streamPos = posInBlock;
  }

  private void cancel() {
    if (chunk != null) {
      chunk.close();
      chunk = null;
    }
    if (stream != null) {
      stream.cancel();
      stream = null;
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
    cancel();
  }
}
