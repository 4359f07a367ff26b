package io.ferry.ufs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A file being written to an under storage. Nothing is visible at the
 * destination until {@link #close()} succeeds; a stream that is aborted, or
 * whose writes failed, leaves the destination as it was.
 *
 * <p>The life cycle (open, failed, closed) is kept here once for every
 * backend; a backend says how bytes are written, how the finished file is
 * published, and how an unfinished one is discarded.
 */
public abstract class UfsOutputStream extends OutputStream {
  private final String uri;
  private boolean failed;
  private boolean closed;
  private UfsStatus status;

  protected UfsOutputStream(String uri) {
    this.uri = uri;
  }

  /** Writes bytes of the file; the stream is open. */
  protected abstract void writeBytes(byte[] b, int off, int len) throws IOException;

  /** Pushes buffered bytes towards the store; nothing by default. */
  protected void flushBytes() throws IOException {}

  /** Makes the whole file appear at its URI; returns its status. Called at most once. */
  protected abstract UfsStatus publish() throws IOException;

  /** Drops what was written, leaving the destination as it was; logs rather than throws. */
  protected abstract void discard();

  /** The error a failed write or publish is reported as; it names the URI. */
  protected IOException translate(IOException e) {
    return e;
  }

  @Override
  public final void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public final void write(byte[] b, int off, int len) throws IOException {
    checkWritable();
    try {
      writeBytes(b, off, len);
    } catch (IOException e) {
      failed = true;
      throw translate(e);
    } catch (RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public final void flush() throws IOException {
    checkWritable();
    try {
      flushBytes();
    } catch (IOException e) {
      failed = true;
      throw translate(e);
    }
  }

  /** The written file's status; valid once the stream is closed. */
  public final UfsStatus status() {
    if (status == null) {
      throw new IllegalStateException("The status of " + uri + " is known only once its stream is closed");
    }
    return status;
  }

  @Override
  public final void close() throws IOException {
    if (closed) {
      return;
    }
    if (failed) {
      abort();
      throw new FerryException(ErrorCode.UFS_ERROR, "Writing " + uri + " failed; the file was not created");
    }
    closed = true;
    try {
      status = publish();
    } catch (IOException e) {
      discard();
      throw translate(e);
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  /**
   * Discards what was written: the file does not appear (an existing file
   * stays as it was). Closing afterwards does nothing. Use it when the writer
   * gives up half-way (client gone, cancelled), so that a truncated file is
   * never published.
   */
  public final void abort() throws IOException {
    if (!closed) {
      closed = true;
      discard();
    }
  }

  private void checkWritable() throws FerryException {
    if (closed) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "The stream writing " + uri + " is closed");
    }
  }
}
