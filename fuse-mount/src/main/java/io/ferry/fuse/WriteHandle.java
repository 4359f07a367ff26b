package io.ferry.fuse;

import io.ferry.client.AttributeChanges;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.PathStatus;
import io.ferry.client.Zeros;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;

/**
 * A file opened for writing. Bytes must come in order (Ferry files are
 * written once, sequentially). A handle on an existing file starts writing
 * at a truncation (to 0: a new file; to another length: a new version that
 * keeps the bytes before it, see FerryClient#openNewVersion) or at its first
 * write, if that write is at the end of the file (an append; every write of
 * a handle opened with O_APPEND is one, wherever the kernel thinks the end
 * is); a write into existing bytes is refused (false).
 *
 * <p>The file is completed when the handle is released, not at flush: every
 * close of a dup'ed descriptor flushes (a shell's {@code echo > f} does), and
 * only the release is the last one. The kernel sends the release after
 * close(2) returned, so whoever needs the finished file (a reader, rename,
 * unlink) waits for it with {@link #awaitClosed}.
 */
final class WriteHandle implements OpenFile {
  /** Creates (or overwrites) the Ferry file, or a new version of it that starts with its first {@code keep} bytes. */
  @FunctionalInterface
  interface Starter {
    FerryOutputStream start(WriteHandle handle, long keep) throws IOException;
  }

  /** The file as it was before this handle wrote it, or as it last completed it (fsync). */
  private PathStatus existing;
  private final Starter starter;
  /** Opened with O_APPEND: every write goes at the end. */
  private final boolean append;
  private final String actingUser;
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private FerryOutputStream out;
  private long written;
  private boolean closed;
  /** chmod/utimens that came while writing: completing the file would reset its mtime, so they apply after. */
  private AttributeChanges deferred;

  /**
   * A handle on {@code existing} (length 0 for a new file) that starts writing through {@code starter}, for
   * {@code actingUser} (null: the mount's own user).
   */
  WriteHandle(PathStatus existing, String actingUser, boolean append, Starter starter) {
    this.existing = existing;
    this.actingUser = actingUser;
    this.append = append;
    this.starter = starter;
  }

  /** Who opened the handle: the release that completes the file comes from the kernel, as no user. */
  String actingUser() {
    return actingUser;
  }

  @Override
  public String path() {
    return existing.path();
  }

  /** Starts the new file now (create, or open with O_TRUNC). */
  synchronized void start() throws IOException {
    startKeeping(0);
  }

  /** Starts writing a version of the file that keeps its first {@code keep} bytes (0: a new file). */
  private void startKeeping(long keep) throws IOException {
    if (out == null) {
      out = starter.start(this, keep);
      written = keep;
    }
  }

  synchronized boolean isStarted() {
    return out != null;
  }

  /** The file as it is now: while writing, its length is what was written so far. */
  synchronized PathStatus status() {
    if (out == null) {
      return existing;
    }
    PathStatus now = out.status().withLength(written);
    if (deferred != null && deferred.mode() != null) {
      now = now.withMode(deferred.mode());
    }
    if (deferred != null && deferred.mtimeMs() != null) {
      now = now.withMtimeMs(deferred.mtimeMs());
    }
    return now;
  }

  /**
   * Keeps attribute changes for when the file is complete ({@code cp -p}
   * sets times and mode before it closes); false once the handle is closed,
   * when they must be applied at once.
   */
  synchronized boolean defer(AttributeChanges changes) {
    if (closed || out == null) {
      return false;
    }
    deferred = deferred == null ? changes : new AttributeChanges(
        changes.mode() != null ? changes.mode() : deferred.mode(),
        changes.mtimeMs() != null ? changes.mtimeMs() : deferred.mtimeMs(),
        changes.owner(), changes.group());
    return true;
  }

  /** The changes deferred until the file completed, or null. */
  synchronized AttributeChanges deferred() {
    return deferred;
  }

  synchronized long written() {
    return written;
  }

  /** Appends {@code size} bytes; false (nothing written) unless {@code offset} is the end of the file. */
  synchronized boolean write(Pointer src, long offset, int size) throws IOException {
    if (closed) {
      throw new IOException("Write after close of " + path());
    }
    long end = out == null ? existing.length() : written;
    if (offset != end && !append) {
      return false;
    }
    startKeeping(existing.length());
    out.write(src::get, size);
    written += size;
    return true;
  }

  /**
   * close(2) of a descriptor, and fsync: returns once the worker has written
   * every byte so far, or fails with the worker's error (see FerryOutputStream#sync).
   */
  synchronized void sync() throws IOException {
    if (out != null && !closed) {
      out.sync();
    }
  }

  /**
   * fsync: completes the file with every byte so far; a later write starts a
   * new version that keeps them (an append).
   */
  synchronized void publish() throws IOException {
    if (out != null && !closed) {
      FerryOutputStream done = out;
      out = null;
      existing = existing.withLength(written);
      done.close();
    }
  }

  /**
   * ftruncate (and truncate, through a handle of its own): to the current size is nothing; before the first
   * write, any size starts a version that keeps the bytes before it, grown with zeros; once writing, the file
   * can only grow (with zeros): false for a shorter size.
   */
  synchronized boolean truncate(long size) throws IOException {
    if (out == null) {
      if (size == existing.length()) {
        return true;
      }
      startKeeping(Math.min(size, existing.length()));
    }
    if (size < written) {
      return false;
    }
    Zeros.write(out, size - written);
    written = size;
    return true;
  }

  /** Waits until the file is completed (or failed); false if it is still open after {@code timeout}. */
  boolean awaitClosed(Duration timeout) throws InterruptedException {
    return closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (out != null) {
        out.close();
      }
    } finally {
      closedLatch.countDown();
    }
  }
}
