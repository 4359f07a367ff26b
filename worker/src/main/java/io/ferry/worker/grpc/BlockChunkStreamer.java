package io.ferry.worker.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.ReadBlockResponse;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.fetch.OpenBlock;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a byte range of an open block in chunks, only while the transport
 * is ready to send, so a slow reader holds back the worker instead of making
 * it buffer the whole block. gRPC runs the ready and cancel handlers one at a
 * time, so no locking is needed.
 */
final class BlockChunkStreamer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockChunkStreamer.class);

  private final ServerCallStreamObserver<ReadBlockResponse> out;
  private final OpenBlock block;
  private final long end;
  private final int chunkSize;
  private final WorkerCounters counters;
  /**
   * Where each chunk is read before gRPC copies it into the transport's
   * buffer, one per thread: gRPC serializes a message within onNext, so the
   * buffer is free again when onNext returns. A pread into it costs less than
   * a fresh mapping of the block per call, whose page faults on first touch
   * cost more than the copy they save.
   */
  private static final ThreadLocal<ByteBuffer> STAGING = new ThreadLocal<>();
  private long position;
  private boolean done;

  BlockChunkStreamer(ServerCallStreamObserver<ReadBlockResponse> out, OpenBlock block, long offset, long length,
      int chunkSize, WorkerCounters counters) {
    this.out = out;
    this.block = block;
    this.position = offset;
    this.end = offset + length;
    this.chunkSize = chunkSize;
    this.counters = counters;
  }

  /** Called from the RPC method; gRPC runs the streamer once the call is ready. */
  void start() {
    // gRPC's default (32 KiB) reports "ready" only once a chunk has almost left, so the transport
    // idles while the next chunk is read; room for two keeps one chunk queued behind the one sending.
    out.setOnReadyThreshold((int) Math.min(Integer.MAX_VALUE, 2L * chunkSize));
    out.setOnCancelHandler(this::finish);
    out.setOnReadyHandler(this);
    if (out.isCancelled()) { // cancelled before the handler was there to hear it
      finish();
    }
  }

  @Override
  public void run() {
    if (done) {
      return;
    }
    try {
      while (position < end && out.isReady()) {
        int size = (int) Math.min(chunkSize, end - position);
        ByteBuffer chunk = staging(size);
        block.readFully(chunk, position);
        out.onNext(ReadBlockResponse.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(chunk.flip())).build());
        position += size;
        counters.bytesServed(size);
      }
      if (position >= end) {
        finish();
        out.onCompleted();
      }
    } catch (IOException | RuntimeException e) {
      finish();
      GrpcErrors.fail(out, e);
    }
  }

  private static ByteBuffer staging(int size) {
    ByteBuffer buffer = STAGING.get();
    if (buffer == null || buffer.capacity() < size) {
      buffer = ByteBuffer.allocateDirect(size);
      STAGING.set(buffer);
    }
    return buffer.clear().limit(size);
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    try {
      block.close();
    } catch (IOException e) {
      LOG.debug("Closing a block after streaming it failed", e);
    }
  }
}
