package io.ferry.client;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.WriteFileHeader;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a new Ferry file through WriteFile streams: to one worker, or, for
 * ASYNC_THROUGH, to its durable workers at once (the same chunks to each,
 * so every one of them holds every block when the file is acknowledged): a
 * header, then chunks of at most {@link #CHUNK_SIZE} (for a cache-only file and a
 * worker on this host, into the worker's block files instead: {@link LocalBlockWriter}). {@link #sync} waits
 * until the workers have written every byte so far, so their failures (a
 * full under storage) are seen before the file is closed; {@link #close}
 * waits for the workers, then completes the file on the master. A durable
 * worker of an ASYNC_THROUGH write that fails is dropped and the write goes
 * on with the others ({@link #dropFailed}); any other failure aborts the
 * streams and removes the incomplete file.
 */
public final class FerryOutputStream extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(FerryOutputStream.class);
  static final int CHUNK_SIZE = 1 << 20;

  private final ClientContext ctx;
  private final PathStatus file;
  private final WriteType writeType;
  private final List<WorkerWriteStream> streams = new ArrayList<>();
  private byte[] buffer = new byte[CHUNK_SIZE];
  private int buffered;
  private long written;
  /** Bytes the workers have acknowledged as written. */
  private long synced;
  private boolean closed;
  private boolean aborted;
  /** The file this one is a new version of (an append, a truncate), which its completion replaces; 0: none. */
  private long replacesFileId;

  FerryOutputStream(ClientContext ctx, PathStatus file, List<WorkerEndpoint> workers, WriteType writeType,
      boolean overwrite) throws IOException {
    this.ctx = ctx;
    this.file = file;
    this.writeType = writeType;
    WriteFileRequest header = WriteFileRequest.newBuilder().setHeader(WriteFileHeader.newBuilder()
        .setFileId(file.id())
        .setMountId(file.mountId())
        .setUfsUri(file.ufsUri())
        .setBlockSize(file.blockSize())
        .setWriteType(ProtoConversions.writeType(writeType))
        .setOverwrite(overwrite)
        .setCapability(file.capability())).build();
    for (WorkerEndpoint worker : workers) {
      streams.add(new WorkerWriteStream(ctx, worker, file.path(), shortCircuit(worker) ? file.blockSize() : 0));
    }
    send(header);
  }

  /**
   * Whether this file's bytes go straight into the block files of {@code worker}:
   * it is on this host, short-circuit is on (never with authentication: the
   * file has a capability then), and only the cache keeps the bytes (a worker
   * writing THROUGH or CACHE_THROUGH needs them for the under storage).
   */
  private boolean shortCircuit(WorkerEndpoint worker) {
    return ctx.shortCircuit && file.capability().isEmpty()
        && (writeType == WriteType.ASYNC_THROUGH || writeType == WriteType.MUST_CACHE)
        && ctx.localAddresses.isLocal(worker.host());
  }

  public PathStatus status() {
    return file;
  }

  /** Makes this file the new version of file {@code fileId}: its completion puts it in that file's place. */
  FerryOutputStream replacing(long fileId) {
    this.replacesFileId = fileId;
    return this;
  }

  /** Bytes written so far. */
  public long position() {
    return written + buffered;
  }

  /** Aborts the write after {@code e} (removing the incomplete file); returns the error naming the file. */
  IOException abandon(IOException e) {
    return aborted(e);
  }

  /** The workers the file is written to (more than one for ASYNC_THROUGH's durable copies). */
  public List<WorkerEndpoint> workers() {
    return streams.stream().map(WorkerWriteStream::worker).toList();
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
    Objects.checkFromIndexSize(off, len, b.length);
    write((from, dst, dstOffset, n) -> System.arraycopy(b, off + (int) from, dst, dstOffset, n), len);
  }

  /** Writes the first {@code length} bytes of {@code src}, copied straight into this stream's chunks. */
  public void write(ByteSource src, int length) throws IOException {
    checkOpen();
    for (int done = 0; done < length; ) {
      if (buffered == buffer.length) {
        flushChunk();
      }
      int n = Math.min(length - done, buffer.length - buffered);
      src.copyTo(done, buffer, buffered, n);
      buffered += n;
      done += n;
    }
  }

  /**
   * Returns once the workers have written every byte so far to their blocks
   * and under-storage stream, without completing the file: a failure a worker
   * meets there reaches the writer, whose file is then aborted. (FUSE's flush
   * and ferry://'s hflush complete the file instead, which makes it readable.)
   * The file is completed only by {@link #close}. Costs one
   * round trip to the workers, none if nothing was written since the last sync.
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
      Map<WorkerWriteStream, CompletableFuture<WriteFileResponse>> answers = new LinkedHashMap<>();
      for (WorkerWriteStream s : List.copyOf(streams)) {
        try {
          answers.put(s, s.sync());
        } catch (IOException e) {
          dropOrThrow(s, e);
        }
      }
      for (Map.Entry<WorkerWriteStream, CompletableFuture<WriteFileResponse>> a : answers.entrySet()) {
        try {
          checkLength(a.getKey(), a.getKey().awaitSync(a.getValue()));
        } catch (IOException e) {
          dropOrThrow(a.getKey(), e);
        }
      }
      synced = written;
    } catch (IOException e) {
      throw aborted(e);
    }
  }

  private void checkNotFailed() throws IOException {
    for (WorkerWriteStream s : List.copyOf(streams)) {
      if (s.failed()) {
        IOException failure = s.failure(new FerryException(ErrorCode.INTERNAL,
            "Worker at " + s.worker().hostPort() + " failed the write"));
        if (!dropFailed(s, failure)) {
          throw aborted(failure);
        }
      }
    }
  }

  /** Waits for the workers' answers, then completes the file on the master. */
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
      streams.forEach(WorkerWriteStream::finish);
      WriteFileResponse done = null;
      for (WorkerWriteStream s : List.copyOf(streams)) {
        try {
          done = checkLength(s, s.awaitFinished());
        } catch (IOException e) {
          dropOrThrow(s, e);
        }
      }
      String fingerprint = done.getFingerprint();
      ctx.master.call(m -> m.completeFile(CompleteFileRequest.newBuilder()
          .setFileId(file.id())
          .setPath(file.path())
          .setLength(written)
          .setFingerprint(fingerprint)
          .setPersistLater(writeType == WriteType.ASYNC_THROUGH)
          .setReplacesFileId(replacesFileId)
          .build()));
    } catch (IOException e) {
      throw aborted(e);
    }
  }

  private void flushChunk() throws IOException {
    boolean[] kept = {false};
    toEachStream(s -> kept[0] |= s.write(buffer, buffered));
    written += buffered;
    buffered = 0;
    if (kept[0]) {
      // a chunk owns the buffer from here on (gRPC may serialize it later): no copy, a fresh buffer instead
      buffer = new byte[CHUNK_SIZE];
    }
  }

  private void send(WriteFileRequest request) throws IOException {
    toEachStream(s -> s.send(request));
  }

  /** Applies {@code step} to each worker's stream, dropping a failed one if the write can go on without it. */
  private void toEachStream(StreamStep step) throws IOException {
    try {
      for (WorkerWriteStream s : List.copyOf(streams)) {
        try {
          step.apply(s);
        } catch (IOException e) {
          dropOrThrow(s, e);
        }
      }
    } catch (IOException e) {
      throw aborted(e);
    }
  }

  private interface StreamStep {
    void apply(WorkerWriteStream stream) throws IOException;
  }

  private void dropOrThrow(WorkerWriteStream failed, IOException e) throws IOException {
    if (!dropFailed(failed, e)) {
      throw e;
    }
  }

  /**
   * Pipeline recovery of a write-back: a durable worker of an ASYNC_THROUGH
   * write failed (killed, out of room), so the write goes on with the
   * others, which received every byte so far; true if it was dropped. The
   * file is acknowledged with fewer copies than durable, and the master's
   * replication checker copies its blocks from a survivor until it has them
   * again (it keeps the durable copies of a file not persisted yet). With no
   * other worker left, or for any other write type, the write fails.
   */
  private boolean dropFailed(WorkerWriteStream failed, IOException e) {
    if (writeType != WriteType.ASYNC_THROUGH || streams.size() < 2 || !streams.remove(failed)) {
      return false;
    }
    LOG.warn("Worker at {} failed the write of {}; going on with {}: {}", failed.worker().hostPort(), file.path(),
        streams.stream().map(s -> s.worker().hostPort()).toList(), e.getMessage());
    failed.cancel("write of " + file.path() + " goes on without this worker", e);
    return true;
  }

  private WriteFileResponse checkLength(WorkerWriteStream stream, WriteFileResponse answer) throws FerryException {
    if (answer.getLength() != written) {
      throw new FerryException(ErrorCode.DATA_LOST, "Worker at " + stream.worker().hostPort() + " stored "
          + answer.getLength() + " bytes of " + file.path() + ", but " + written + " were written");
    }
    return answer;
  }

  /** Closes the stream after {@code e}, removing the incomplete file; returns the error naming the file. */
  private IOException aborted(IOException e) {
    IOException named = namingPath(e);
    closed = true;
    abort(named);
    return named;
  }

  private IOException namingPath(IOException e) {
    if (String.valueOf(e.getMessage()).contains(file.path())) {
      return e;
    }
    ErrorCode code = e instanceof FerryException fe ? fe.code() : ErrorCode.INTERNAL;
    return new FerryException(code, "Cannot write " + file.path() + ": " + e.getMessage(), e);
  }

  /** Cancels the worker streams and removes the incomplete file, so a retry can create it again. */
  private void abort(Throwable why) {
    if (aborted) {
      return;
    }
    aborted = true;
    streams.forEach(s -> s.cancel("write of " + file.path() + " aborted", why));
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
}
