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
 * {@link #sync} waits until the worker has written every byte so far, so its
 * failures (a full under storage) are seen before the file is closed;
 * {@link #close} waits for the worker, then completes the file on the master.
 * Any failure aborts the stream and removes the incomplete file.
 */
public final class FerryOutputStream extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(FerryOutputStream.class);
  static final int CHUNK_SIZE = 1 << 20;

  private final ClientContext ctx;
  private final PathStatus file;
  private final WorkerEndpoint worker;
  /** The file's answer, or the stream's failure. */
  private final CompletableFuture<WriteFileResponse> response = new CompletableFuture<>();
  /** The answer to the sync in flight (one at a time). */
  private volatile CompletableFuture<WriteFileResponse> syncAnswer = new CompletableFuture<>();
  private final Object readyLock = new Object();
  private final ClientCallStreamObserver<WriteFileRequest> requests;
  private byte[] buffer = new byte[CHUNK_SIZE];
  private int buffered;
  private long written;
  /** Bytes the worker has acknowledged as written. */
  private long synced;
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
        .setOverwrite(overwrite)
        .setCapability(file.capability())).build());
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
   * Returns once the worker has written every byte so far to its blocks and
   * its under-storage stream (FUSE flush at close(2), and fsync), so that a
   * failure the worker meets there reaches the writer, whose file is then
   * aborted; the file is still completed only by {@link #close}. Costs one
   * round trip to the worker, none if nothing was written since the last sync.
   */
  public void sync() throws IOException {
    checkOpen();
    if (written + buffered == synced) {
      checkNotFailed();
      return;
    }
    try {
      if (buffered > 0) {
        flushChunk();
      }
      CompletableFuture<WriteFileResponse> answer = new CompletableFuture<>();
      syncAnswer = answer;
      send(WriteFileRequest.newBuilder().setSync(true).build());
      WriteFileResponse done = await(CompletableFuture.anyOf(answer, response), "sync");
      if (!answer.isDone()) {
        throw new FerryException(ErrorCode.INTERNAL, "Worker at " + worker.hostPort() + " ended the write early");
      }
      if (done.getLength() != written) {
        throw lengthMismatch(done.getLength());
      }
      synced = written;
    } catch (IOException e) {
      throw aborted(e);
    }
  }

  private void checkNotFailed() throws IOException {
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
      WriteFileResponse done = await(response, "finish writing");
      if (done.getLength() != written) {
        throw lengthMismatch(done.getLength());
      }
      ctx.master.call(s -> s.completeFile(CompleteFileRequest.newBuilder()
          .setFileId(file.id())
          .setPath(file.path())
          .setLength(written)
          .setFingerprint(done.getFingerprint())
          .build()));
    } catch (IOException e) {
      throw aborted(e);
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

  private FerryException lengthMismatch(long stored) {
    return new FerryException(ErrorCode.DATA_LOST, "Worker at " + worker.hostPort() + " stored "
        + stored + " bytes of " + file.path() + ", but " + written + " were written");
  }

  /** The worker's answer within the RPC timeout; {@code what} names the step in a timeout's message. */
  private WriteFileResponse await(CompletableFuture<?> answer, String what) throws IOException {
    try {
      return (WriteFileResponse) answer.get(ctx.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw asIoException(e.getCause());
    } catch (TimeoutException e) {
      throw new FerryException(ErrorCode.DEADLINE_EXCEEDED, "Worker at " + worker.hostPort()
          + " did not " + what + " " + file.path() + " within " + ctx.rpcTimeout.toSeconds() + "s");
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
    throw aborted(cause != null ? asIoException(cause) : fallback);
  }

  /** Closes the stream after {@code e}, removing the incomplete file; returns the error naming the file. */
  private IOException aborted(IOException e) {
    IOException named = namingPath(e);
    closed = true;
    abort(named);
    return named;
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
      if (value.getSynced()) {
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
