package io.ferry.ufs;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A file being written to an under storage. Nothing is visible at the
 * destination until {@link #close()} succeeds; a stream that is aborted, or
 * whose writes failed, leaves the destination as it was.
 */
public abstract class UfsOutputStream extends OutputStream {
  /** The written file's status; valid once the stream is closed. */
  public abstract UfsStatus status();

  /**
   * Discards what was written: the file does not appear (an existing file
   * stays as it was). Closing afterwards does nothing. Use it when the writer
   * gives up half-way (client gone, cancelled), so that a truncated file is
   * never published.
   */
  public abstract void abort() throws IOException;
}
