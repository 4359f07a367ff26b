package io.ferry.worker.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReadBlockResponse;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.fetch.BlockRange;
import io.ferry.worker.fetch.OpenBlock;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the requested range of a block in chunks, only while the transport
 * is ready to send, so a slow reader holds back the worker instead of making
 * it buffer the whole block. The transport signals readiness on its own
 * thread; the block is opened and the chunks are sent on {@code sendOn}: that
 * same thread for a block ready in memory, the worker's I/O threads for one
 * that may wait for a checksum pass, a disk or the UFS (whose bytes are sent
 * as they arrive, each chunk once it is in). Sends never run two
 * at a time, and the block is closed only by a send pass: its mapping may be
 * unmapped once closed ({@link io.ferry.worker.block.MappedBlockFiles}).
 */
final class BlockChunkStreamer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockChunkStreamer.class);

  /** Opens the block at the first send. */
  @FunctionalInterface
  interface Opener {
    OpenBlock open() throws IOException;
  }

  private final ServerCallStreamObserver<ReadBlockResponse> out;
  private final ReadBlockRequest request;
  private final Opener opener;
  private final int chunkSize;
  private final WorkerCounters counters;
  private final Executor sendOn;
  /** Ready signals not yet answered by a send pass; the pass that takes it from 0 runs the sends. */
  private final AtomicInteger readySignals = new AtomicInteger();
  /** Null until opened, unless it was ready when the call came. */
  private OpenBlock block;
  private long start;
  private long position;
  private long end;
  private boolean opened;
  /**
   * The streamed range of the block file, mapped at the first send; null for
   * a block still being fetched, whose chunks are mapped one by one as they
   * arrive.
   */
  private ByteBuffer mapped;
  private volatile boolean done;

  private BlockChunkStreamer(ServerCallStreamObserver<ReadBlockResponse> out, ReadBlockRequest request,
      OpenBlock ready, Opener opener, int chunkSize, WorkerCounters counters, Executor sendOn) {
    this.out = out;
    this.request = request;
    this.block = ready;
    this.opener = opener;
    this.chunkSize = chunkSize;
    this.counters = counters;
    this.sendOn = sendOn;
  }

  /** Streams a block opened already, from the transport thread. */
  static BlockChunkStreamer ofReady(ServerCallStreamObserver<ReadBlockResponse> out, ReadBlockRequest request,
      OpenBlock block, int chunkSize, WorkerCounters counters) {
    return new BlockChunkStreamer(out, request, block, null, chunkSize, counters, Runnable::run);
  }

  /** Opens the block at the first send, and sends, on {@code sendOn}. */
  static BlockChunkStreamer opening(ServerCallStreamObserver<ReadBlockResponse> out, ReadBlockRequest request,
      Opener opener, int chunkSize, WorkerCounters counters, Executor sendOn) {
    return new BlockChunkStreamer(out, request, null, opener, chunkSize, counters, sendOn);
  }

  /** Called from the RPC method (gRPC takes handlers only then); the first send follows once the call is ready. */
  void start() {
    // gRPC's default (32 KiB) reports "ready" only once a chunk has almost left, so the transport
    // idles while the next chunk is read; room for two keeps one chunk queued behind the one sending.
    out.setOnReadyThreshold((int) Math.min(Integer.MAX_VALUE, 2L * chunkSize));
    out.setOnCancelHandler(this::cancelled);
    out.setOnReadyHandler(this);
  }

  /** The reader went away: a send pass closes the block, so never while another pass reads it. */
  private void cancelled() {
    done = true;
    run();
  }

  /** The transport is ready for more: sends, unless a send pass is running (it will send again). */
  @Override
  public void run() {
    if (readySignals.getAndIncrement() == 0) {
      sendOn.execute(this::sendWhileSignalled);
    }
  }

  private void sendWhileSignalled() {
    int seen = readySignals.get();
    do {
      send();
      seen = readySignals.addAndGet(-seen);
    } while (seen != 0);
  }

  private void send() {
    if (done) {
      closeBlock();
      return;
    }
    try {
      if (!opened) {
        open();
      }
      while (position < end && out.isReady() && !done) {
        int size = (int) Math.min(chunkSize, end - position);
        // gRPC serializes the message within onNext: the mapping is read once, into the transport's buffer
        ByteBuffer chunk = mapped != null ? mapped.slice((int) (position - start), size) : block.map(position, size);
        out.onNext(ReadBlockResponse.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(chunk)).build());
        position += size;
        counters.bytesServed(size);
      }
      if (position >= end && !done) {
        finish();
        out.onCompleted();
      }
    } catch (IOException | RuntimeException e) {
      finish();
      GrpcErrors.fail(out, e);
    }
  }

  /** Opens (unless ready) and maps the block. */
  private void open() throws IOException {
    if (block == null) {
      block = opener.open();
    }
    BlockRange range = BlockRange.of(request, block.length());
    start = range.offset();
    position = start;
    end = range.end();
    if (block.complete()) {
      mapped = block.map(start, end - start);
    }
    opened = true;
  }

  private void finish() {
    done = true;
    closeBlock();
  }

  private void closeBlock() {
    OpenBlock b = block;
    if (b != null) {
      try {
        b.close(); // idempotent
      } catch (IOException e) {
        LOG.debug("Closing a block after streaming it failed", e);
      }
    }
  }
}
