package io.ferry.client;

import com.google.protobuf.ByteString;
import io.ferry.proto.BlockWorkerServiceGrpc.BlockWorkerServiceStub;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReadBlockResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One ReadBlock call whose chunks are requested ahead of the reader: while
 * the reader copies one chunk out, the next ones are already being received
 * and parsed on the transport thread. (A blocking stub asks for one message
 * at a time, so the transport and the reader would take turns.)
 */
final class ReadBlockStream implements ClientResponseObserver<ReadBlockRequest, ReadBlockResponse> {
  /**
   * The chunk size this reader asks for: small enough that the worker's
   * reading, the transfer and the parsing here of successive chunks overlap
   * (measured on loopback: 256 KiB streams a 4 MiB block ~1.5x faster than 1 MiB).
   */
  static final int CHUNK_BYTES = 256 << 10;
  /**
   * Chunks in flight or buffered per stream: as many as the HTTP/2 window
   * holds (16 MiB), so the worker streams a whole block without waiting for
   * the reader (measured: 64 ahead ~1.0 GB/s, 8 ahead ~0.6 GB/s on loopback).
   */
  static final int PREFETCH_CHUNKS = 64;
  private static final Object END = new Object();

  /** Chunks (ByteString), then END or the failure (StatusRuntimeException); never more than PREFETCH_CHUNKS + 1. */
  private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private ClientCallStreamObserver<ReadBlockRequest> call;
  /** Set once the call has ended, so closing the reader then sends no needless cancel. */
  private volatile boolean ended;

  private ReadBlockStream() {}

  /** Starts the call; {@code stub} must deliver on the transport thread (a direct executor). */
  static ReadBlockStream start(BlockWorkerServiceStub stub, ReadBlockRequest request) {
    ReadBlockStream stream = new ReadBlockStream();
    stub.readBlock(request, stream);
    return stream;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<ReadBlockRequest> call) {
    this.call = call;
    call.disableAutoRequestWithInitial(PREFETCH_CHUNKS);
  }

  @Override
  public void onNext(ReadBlockResponse response) {
    received.add(response.getChunk());
  }

  @Override
  public void onError(Throwable t) {
    ended = true;
    received.add(t instanceof StatusRuntimeException e ? e : Status.fromThrowable(t).asRuntimeException());
  }

  @Override
  public void onCompleted() {
    ended = true;
    received.add(END);
  }

  /** The next chunk, or null at the end of the stream; a failure of the call is thrown. */
  ByteString next() throws InterruptedIOException {
    Object item;
    try {
      item = received.take();
    } catch (InterruptedException e) {
      cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while reading a block");
    }
    if (item instanceof ByteString chunk) {
      call.request(1);
      return chunk;
    }
    if (item == END) {
      received.add(END); // stays at the end for later calls
      return null;
    }
    StatusRuntimeException failure = (StatusRuntimeException) item;
    received.add(failure);
    throw failure;
  }

  void cancel() {
    if (!ended) {
      call.cancel("The reader closed the block stream", null);
    }
  }
}
