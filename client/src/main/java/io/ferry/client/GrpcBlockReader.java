package io.ferry.client;

import io.ferry.proto.BlockWorkerServiceGrpc.BlockWorkerServiceStub;
import io.ferry.proto.ReadBlockRequest;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Reads a block over a worker's ReadBlock gRPC stream, in the chunks the worker sends. */
final class GrpcBlockReader extends RangeStreamBlockReader {
  private final BlockWorkerServiceStub stub;
  private ReadBlockStream stream;
  /** The chunk being read; null before the first and after the last. */
  private ReadBlockChunk chunk;

  GrpcBlockReader(WorkerEndpoint worker, BlockWorkerServiceStub stub, ReadBlockRequest request,
      long blockLength, Duration stallTimeout) {
    super(worker, request, blockLength, stallTimeout);
    this.stub = stub;
  }

  @Override
  protected boolean isOpen() {
    return stream != null;
  }

  @Override
  protected void open(ReadBlockRequest range) {
    stream = ReadBlockStream.start(stub.getChannel(), stub.getCallOptions(), range, stallTimeout);
  }

  @Override
  protected int readOpen(ByteBuffer dst) throws IOException {
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
    return chunk.copyTo(dst);
  }

  @Override
  protected void drop() {
    if (chunk != null) {
      chunk.close();
      chunk = null;
    }
    if (stream != null) {
      stream.cancel();
      stream = null;
    }
  }
}
