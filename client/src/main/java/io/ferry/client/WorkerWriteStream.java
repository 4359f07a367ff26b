package io.ferry.client;

import com.google.protobuf.UnsafeByteOperations;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker's WriteFile stream of a file being written. A message is sent
 * only when the stream is ready, i.e. while fewer than {@link #WINDOW_BYTES}
 * are queued for the worker, so a fast writer blocks instead of buffering
 * without bound; a sync is answered once the worker has written every byte
 * before it; the last answer is the file's, after {@link #finish}. A worker on
 * this host gets the bytes of a cache-only file through its block files
 * instead ({@link LocalBlockWriter}), while that works.
 */
final class WorkerWriteStream {
  /**
   * Bytes queued for the worker before a send waits. gRPC's default (32 KiB)
   * reports "ready" only once a 1 MiB chunk has almost left, so the writer
   * (a FUSE write) waited for every chunk to cross to the worker; with room
   * for a few chunks, it returns once its bytes are queued, while the
   * transport and the worker keep busy. Durability is unchanged: sync and
   * finish still wait for the worker's answer.
   */
  static final int WINDOW_BYTES = 4 * FerryOutputStream.CHUNK_SIZE;
  private final ClientContext ctx;
  private final WorkerEndpoint worker;
  private final String path;
  /** The file's answer, or the stream's failure. */
  private final CompletableFuture<WriteFileResponse> response = new CompletableFuture<>();
  /** The answer to the sync in flight (one at a time). */
  private volatile CompletableFuture<WriteFileResponse> syncAnswer = new CompletableFuture<>();
  /** The answer to the request for a local block in flight (one at a time). */
  private volatile CompletableFuture<WriteFileResponse> localBlockAnswer = new CompletableFuture<>();
  private final Object readyLock = new Object();
  private final ClientCallStreamObserver<WriteFileRequest> requests;
  /** Writes the blocks into the worker's files (short-circuit); null: chunks over the stream. */
  private LocalBlockWriter localBlocks;

  /** Bytes go in chunks; or, if {@code shortCircuitBlockSize} > 0, into the blocks' files while that works. */
  WorkerWriteStream(ClientContext ctx, WorkerEndpoint worker, String path, long shortCircuitBlockSize) {
    this.ctx = ctx;
    this.worker = worker;
    this.path = path;
    this.requests = (ClientCallStreamObserver<WriteFileRequest>)
        ctx.workers.async(worker).withOnReadyThreshold(WINDOW_BYTES).writeFile(new ResponseObserver());
    this.localBlocks = shortCircuitBlockSize > 0 ? new LocalBlockWriter(this, shortCircuitBlockSize) : null;
  }

  WorkerEndpoint worker() {
    return worker;
  }

  /** Sends a message once the stream is ready; fails if the worker ended the stream (an error, early or not). */
  void send(WriteFileRequest request) throws IOException {
    try {
      synchronized (readyLock) {
        while (!requests.isReady() && !response.isDone()) {
          readyLock.wait();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(new FerryException(ErrorCode.INTERNAL, "Interrupted while writing " + path));
    }
    if (response.isDone()) {
      // the worker answered or failed before the end of the file: that is an error either way
      throw failure(new FerryException(ErrorCode.INTERNAL, "Worker at " + worker.hostPort() + " ended the write early",
          failureCause()));
    }
    requests.onNext(request);
  }

  /**
   * Writes {@code chunk[0, length)} (after the header): into the blocks'
   * files, or as a chunk; true if the stream kept {@code chunk} (gRPC
   * serializes it later: the caller must not reuse it).
   */
  boolean write(byte[] chunk, int length) throws IOException {
    int local = localBlocks == null ? 0 : localBlocks.write(chunk, length);
    if (local == length) {
      return false;
    }
    stopLocalBlocks();
    send(WriteFileRequest.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(chunk, local, length - local))
        .build());
    return true;
  }

  /** Asks the worker for the file of the next block (short-circuit); "" if it wants chunks instead. */
  String openLocalBlock() throws IOException {
    CompletableFuture<WriteFileResponse> answer = new CompletableFuture<>();
    localBlockAnswer = answer;
    send(WriteFileRequest.newBuilder().setOpenLocalBlock(true).build());
    return awaitAnswer(answer, "open a block file of").getLocalBlockPath();
  }

  /** Asks for a sync; {@link #awaitSync} waits for its answer. */
  CompletableFuture<WriteFileResponse> sync() throws IOException {
    CompletableFuture<WriteFileResponse> answer = new CompletableFuture<>();
    syncAnswer = answer;
    send(WriteFileRequest.newBuilder().setSync(true).build());
    return answer;
  }

  /** The answer to a sync (the bytes the worker wrote so far). */
  WriteFileResponse awaitSync(CompletableFuture<WriteFileResponse> answer) throws IOException {
    return awaitAnswer(answer, "sync");
  }

  /** The answer to a request in the stream; fails if the stream ended first. */
  private WriteFileResponse awaitAnswer(CompletableFuture<WriteFileResponse> answer, String what)
      throws IOException {
    WriteFileResponse done = await(CompletableFuture.anyOf(answer, response), what);
    if (!answer.isDone()) {
      throw new FerryException(ErrorCode.INTERNAL, "Worker at " + worker.hostPort() + " ended the write early");
    }
    return done;
  }

  /** Ends the stream: the worker publishes the file; {@link #awaitFinished} waits for its answer. */
  void finish() {
    stopLocalBlocks();
    requests.onCompleted();
  }

  WriteFileResponse awaitFinished() throws IOException {
    return await(response, "finish writing");
  }

  boolean failed() {
    return failureCause() != null;
  }

  void cancel(String why, Throwable cause) {
    stopLocalBlocks();
    requests.cancel(why, cause);
  }

  private void stopLocalBlocks() {
    if (localBlocks != null) {
      localBlocks.close();
      localBlocks = null;
    }
  }

  /** The worker's failure as an error if it failed, else {@code fallback}. */
  IOException failure(FerryException fallback) {
    Throwable cause = failureCause();
    return cause != null ? asIoException(cause) : fallback;
  }

  /** The worker's answer within the RPC timeout; {@code what} names the step in a timeout's message. */
  private WriteFileResponse await(CompletableFuture<?> answer, String what) throws IOException {
    try {
      return (WriteFileResponse) answer.get(ctx.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    } catch (TimeoutException e) {
      throw new FerryException(ErrorCode.DEADLINE_EXCEEDED, "Worker at " + worker.hostPort()
          + " did not " + what + " " + path + " within " + ctx.rpcTimeout.toSeconds() + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while finishing " + path);
    }
  }

  private Throwable failureCause() {
    try {
      response.getNow(null);
      return null;
    } catch (RuntimeException e) {
      return e.getCause();
    }
  }

  private IOException asIoException(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return WorkerClients.fromStatus(sre, worker);
    }
    return t instanceof IOException io ? io : new FerryException(ErrorCode.INTERNAL, String.valueOf(t), t);
  }

  private final class ResponseObserver implements ClientResponseObserver<WriteFileRequest, WriteFileResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<WriteFileRequest> stream) {
      stream.setOnReadyHandler(this::wakeWriter);
    }

    @Override
    public void onNext(WriteFileResponse value) {
      if (value.getLocalBlockOpened()) {
        localBlockAnswer.complete(value);
      } else if (value.getSynced()) {
        syncAnswer.complete(value);
      } else {
        response.complete(value);
      }
    }

    @Override
    public void onError(Throwable t) {
      response.completeExceptionally(t);
      wakeWriter();
    }

    @Override
    public void onCompleted() {
      if (!response.isDone()) {
        response.completeExceptionally(new FerryException(ErrorCode.INTERNAL,
            "Worker at " + worker.hostPort() + " sent no answer"));
      }
      wakeWriter();
    }

    private void wakeWriter() {
      synchronized (readyLock) {
        readyLock.notifyAll();
      }
    }
  }
}
