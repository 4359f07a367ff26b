package io.ferry.client;

import com.google.protobuf.UnsafeByteOperations;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.WriteFileHeader;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a new Ferry file through one worker's WriteFile stream: a header,
 * then chunks of at most {@link #CHUNK_SIZE}. A chunk is sent only when the
 * stream is ready, so a fast writer blocks instead of buffering without bound.
 * {@link #close} waits for the worker, then completes the file on the master.
 * Any failure aborts the stream and removes the incomplete file.
 */
public final class FerryOutputStream extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(FerryOutputStream.class);
  static final int CHUNK_SIZE = 1 << 20;

  private final ClientContext ctx;
  private final PathStatus file;
  private final WorkerEndpoint worker;
  private final CompletableFuture<WriteFileResponse> response = new CompletableFuture<>();
  private final Object readyLock = new Object();
  private final ClientCallStreamObserver<WriteFileRequest> requests;
  private byte[] buffer = new byte[CHUNK_SIZE];
  private int buffered;
  private long written;
  private boolean closed;
  private boolean aborted;

  FerryOutputStream(ClientContext ctx, PathStatus file, WorkerEndpoint worker, WriteType writeType, boolean overwrite)
      throws IOException {
    this.ctx = ctx;
    this.file = file;
    this.worker = worker;
    this.requests = (ClientCallStreamObserver<WriteFileRequest>)
        ctx.workers.async(worker).writeFile(new ResponseObserver());
    send(WriteFileRequest.newBuilder().setHeader(WriteFileHeader.newBuilder()
        .setFileId(file.id())
        .setMountId(file.mountId())
        .setUfsUri(file.ufsUri())
        .setBlockSize(file.blockSize())
        .setWriteType(ProtoConversions.writeType(writeType))
        .setOverwrite(overwrite)).build());
  }

  public PathStatus status() {
    return file;
  }

  @Override
  public void write(int b) throws IOException {
    checkOpen();
    if (buffered == buffer.length) {
      flushChunk();
    }
    buffer[buffered++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (buffered == buffer.length) {
        flushChunk();
      }
      int n = Math.min(len, buffer.length - buffered);
      System.arraycopy(b, off, buffer, buffered, n);
      buffered += n;
      off += n;
      len -= n;
    }
  }

  /**
   * Fails (aborting the file) if the worker has already failed this write,
   * without waiting for anything: for FUSE's flush at close(2), whose error
   * the writer sees, while the completion at release comes after close
   * returned. A failure the worker meets later is only seen by close.
   */
  public void checkNotFailed() throws IOException {
    checkOpen();
    if (failureCause() != null) {
      fail(new FerryException(ErrorCode.INTERNAL, "Worker at " + worker.hostPort() + " failed the write"));
    }
  }

  /** Waits for the worker's answer, then completes the file on the master. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (buffered > 0) {
        flushChunk();
      }
      requests.onCompleted();
      WriteFileResponse done = awaitResponse();
      if (done.getLength() != written) {
        throw new FerryException(ErrorCode.DATA_LOST, "Worker at " + worker.hostPort() + " stored "
            + done.getLength() + " bytes of " + file.path() + ", but " + written + " were written");
      }
      ctx.master.call(s -> s.completeFile(CompleteFileRequest.newBuilder()
          .setFileId(file.id())
          .setPath(file.path())
          .setLength(written)
          .setFingerprint(done.getFingerprint())
          .build()));
    } catch (IOException e) {
      IOException named = namingPath(e);
      abort(named);
      throw named;
    }
  }

  private void flushChunk() throws IOException {
    // the chunk owns the buffer from here on (gRPC may serialize it later): no copy, a fresh buffer instead
    send(WriteFileRequest.newBuilder().setChunk(UnsafeByteOperations.unsafeWrap(buffer, 0, buffered)).build());
    written += buffered;
    buffered = 0;
    buffer = new byte[CHUNK_SIZE];
  }

  private void send(WriteFileRequest request) throws IOException {
    try {
      synchronized (readyLock) {
        while (!requests.isReady() && !response.isDone()) {
          readyLock.wait();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new FerryException(ErrorCode.INTERNAL, "Interrupted while writing " + file.path()));
    }
    if (response.isDone()) {
      // the worker answered or failed before the end of the file: that is an error either way
      fail(new FerryException(ErrorCode.INTERNAL,
          "Worker at " + worker.hostPort() + " ended the write early", failureCause()));
    }
    requests.onNext(request);
  }

  private WriteFileResponse awaitResponse() throws IOException {
    try {
      return response.get(ctx.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    } catch (TimeoutException e) {
      throw new FerryException(ErrorCode.DEADLINE_EXCEEDED, "Worker at " + worker.hostPort()
          + " did not finish writing " + file.path() + " within " + ctx.rpcTimeout.toSeconds() + "s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while finishing " + file.path());
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

  private void fail(FerryException fallback) throws IOException {
    Throwable cause = failureCause();
    IOException e = namingPath(cause != null ? asIoException(cause) : fallback);
    closed = true;
    abort(e);
    throw e;
  }

  private IOException asIoException(Throwable t) {
    if (t instanceof StatusRuntimeException sre) {
      return WorkerClients.fromStatus(sre, worker);
    }
    return t instanceof IOException io ? io : new FerryException(ErrorCode.INTERNAL, String.valueOf(t), t);
  }

  private IOException namingPath(IOException e) {
    if (String.valueOf(e.getMessage()).contains(file.path())) {
      return e;
    }
    ErrorCode code = e instanceof FerryException fe ? fe.code() : ErrorCode.INTERNAL;
    return new FerryException(code, "Cannot write " + file.path() + ": " + e.getMessage(), e);
  }

  /** Cancels the worker stream and removes the incomplete file, so a retry can create it again. */
  private void abort(Throwable why) {
    if (aborted) {
      return;
    }
    aborted = true;
    requests.cancel("write of " + file.path() + " aborted", why);
    try {
      ctx.master.call(s -> s.delete(DeleteRequest.newBuilder().setPath(file.path()).build()));
    } catch (FerryException e) {
      LOG.warn("Cannot remove the incomplete file {} after a failed write: {}", file.path(), e.getMessage());
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream closed: " + file.path());
    }
  }

  private final class ResponseObserver implements ClientResponseObserver<WriteFileRequest, WriteFileResponse> {
    @Override
    public void beforeStart(ClientCallStreamObserver<WriteFileRequest> stream) {
      stream.setOnReadyHandler(this::wakeWriter);
    }

    @Override
    public void onNext(WriteFileResponse value) {
      response.complete(value);
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
