package io.ferry.worker.fetch;

import io.ferry.ufs.ForwardingUnderFileSystem;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.UnderFileSystem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * An object store as a fetch sees it, over a local directory: the version is
 * told when a read is opened (as an ETag is), and the bytes come only as the
 * test lets them through, or the connection breaks when the test says so.
 */
final class TricklingUnderFileSystem extends ForwardingUnderFileSystem {
  private final Semaphore allowed = new Semaphore(0);
  private volatile boolean broken;

  TricklingUnderFileSystem(UnderFileSystem delegate) {
    super(delegate);
  }

  /** Lets {@code bytes} more bytes through. */
  void allow(int bytes) {
    allowed.release(bytes);
  }

  /** Breaks the reads open now: the next read (or the one waiting) fails. */
  void breakConnection() {
    broken = true;
    allowed.release();
  }

  @Override
  public UfsInputStream open(String uri, long offset, long length) throws IOException {
    UfsInputStream in = super.open(uri, offset, length);
    return UfsInputStream.of(new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int granted = take(len);
        if (broken) {
          throw new IOException("The connection to the object store broke");
        }
        return super.read(b, off, granted);
      }
    }, in.fingerprint());
  }

  /** Waits for at least one allowed byte, and takes up to {@code max}. */
  private int take(int max) throws InterruptedIOException {
    try {
      allowed.acquire();
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
    int more = Math.min(max - 1, allowed.availablePermits());
    return allowed.tryAcquire(more) ? 1 + more : 1;
  }
}
