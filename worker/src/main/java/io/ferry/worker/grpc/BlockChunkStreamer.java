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
  private final long start;
  private long position;
  /** The streamed range of the block file, mapped at the first send; unmapped by the GC. */
  private ByteBuffer mapped;
  private boolean done;

  BlockChunkStreamer(ServerCallStreamObserver<ReadBlockResponse> out, OpenBlock block, long offset, long length,
      int chunkSize, WorkerCounters counters) {
    this.out = out;
    this.block = block;
    this.start = offset;
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
      if (mapped == null) {
        mapped = block.map(start, end - start);
      }
      while (position < end && out.isReady()) {
        int size = (int) Math.min(chunkSize, end - position);
        // gRPC serializes the message within onNext: the mapping is read once, into the transport's buffer
        ByteBuffer chunk = mapped.slice((int) (position - start), size);
        out.onNext(ReadBlockResponse.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(chunk)).build());
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
