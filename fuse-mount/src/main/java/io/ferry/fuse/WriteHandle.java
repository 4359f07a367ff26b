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
 * <p>The file is completed at each flush, which the kernel sends inside every
 * close(2) of a descriptor of the handle (and at fsync): once close(2)
 * returned, other clients see the whole file (close-to-open), and a failure to
 * complete it is close(2)'s error. A write after that (through a dup'ed
 * descriptor still open: {@code exec 3>f; echo a >&3}) starts a new version
 * that keeps the bytes so far, an append. The release, which the kernel sends
 * after the last close(2) returned, closes the handle. Whoever needs the
 * finished file (a reader, rename, unlink) waits for it with
 * {@link #awaitCompleted}.
 */
final class WriteHandle implements OpenFile {
  /** Creates (or overwrites) the Ferry file, or a new version of it that starts with its first {@code keep} bytes. */
  @FunctionalInterface
  interface Starter {
    FerryOutputStream start(WriteHandle handle, long keep) throws IOException;
  }

  /** What the mount does when a handle completed its file, or failed to. */
  interface Completion {
    /** The file is complete: apply the attribute changes that waited for it ({@code deferred}, or null). */
    void completed(WriteHandle handle, AttributeChanges deferred) throws IOException;

    /** The handle no longer writes its file (complete, or failed and removed): it is the master's to show. */
    void ended(WriteHandle handle);
  }

  /** The file as it was before this handle wrote it, or as it last completed it (flush, fsync). */
  private PathStatus existing;
  private final Starter starter;
  private final Completion completion;
  /** Opened with O_APPEND: every write goes at the end. */
  private final boolean append;
  private final String actingUser;
  /** Counted down when the file being written is completed; a new one for each version. */
  private volatile CountDownLatch completedLatch = new CountDownLatch(0);
  private FerryOutputStream out;
  private long written;
  private boolean closed;
  /** chmod/utimens that came while writing: completing the file would reset its mtime, so they apply after. */
  private AttributeChanges deferred;

  /**
   * A handle on {@code existing} (length 0 for a new file) that starts writing through {@code starter}, for
   * {@code actingUser} (null: the mount's own user), and runs {@code completion} each time it completed the file.
   */
  WriteHandle(PathStatus existing, String actingUser, boolean append, Starter starter, Completion completion) {
    this.existing = existing;
    this.actingUser = actingUser;
    this.append = append;
    this.starter = starter;
    this.completion = completion;
  }

  /** Who opened the handle: the release that may complete the file comes from the kernel, as no user. */
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
      completedLatch = new CountDownLatch(1); // before the starter registers the handle as the file's writer
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
    if (out == null) {
      return false;
    }
    deferred = deferred == null ? changes : new AttributeChanges(
        changes.mode() != null ? changes.mode() : deferred.mode(),
        changes.mtimeMs() != null ? changes.mtimeMs() : deferred.mtimeMs(),
        changes.owner(), changes.group());
    return true;
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
   * flush (each close(2)) and fsync: completes the file with every byte so
   * far and runs the completion (with the attribute changes deferred until
   * now) before another write can start a new version that keeps them (an
   * append). Nothing when nothing was written since the last completion.
   */
  synchronized void publish() throws IOException {
    if (out != null) {
      complete();
    }
  }

  private void complete() throws IOException {
    FerryOutputStream done = out;
    AttributeChanges changes = deferred;
    out = null;
    deferred = null;
    existing = existing.withLength(written);
    try {
      done.close();
      completion.completed(this, changes);
    } finally {
      completion.ended(this);
      completedLatch.countDown();
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

  /** Waits until the file is completed (or failed); false if it is still being written after {@code timeout}. */
  boolean awaitCompleted(Duration timeout) throws InterruptedException {
    return completedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** release (and the end of a truncate): completes what was written since the last flush, if anything. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (out != null) {
      complete();
    }
  }
}
