package io.ferry.worker.fetch;

import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps an under storage, counting opens and open read streams; opens can be held at a gate. */
final class CountingUnderFileSystem implements UnderFileSystem {
  private final UnderFileSystem delegate;
  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger maxOpenStreams = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);

  CountingUnderFileSystem(UnderFileSystem delegate) {
    this.delegate = delegate;
  }

  int opens() {
    return opens.get();
  }

  int maxOpenStreams() {
    return maxOpenStreams.get();
  }

  /** Makes opens wait until the returned latch is counted down. */
  CountDownLatch holdOpens() {
    gate = new CountDownLatch(1);
    return gate;
  }

  @Override
  public InputStream open(String uri, long offset, long length) throws IOException {
    opens.incrementAndGet();
    maxOpenStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
    try {
      gate.await();
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
    return new FilterInputStream(delegate.open(uri, offset, length)) {
      @Override
      public void close() throws IOException {
        openStreams.decrementAndGet();
        super.close();
      }
    };
  }

  @Override
  public Optional<UfsStatus> getStatus(String uri) throws IOException {
    return delegate.getStatus(uri);
  }

  @Override
  public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    return delegate.list(dirUri, pageToken, pageSize);
  }

  @Override
  public UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    return delegate.create(uri, overwrite);
  }

  @Override
  public boolean deleteFile(String uri) throws IOException {
    return delegate.deleteFile(uri);
  }

  @Override
  public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    return delegate.deleteDirectory(uri, recursive);
  }

  @Override
  public void rename(String srcUri, String dstUri) throws IOException {
    delegate.rename(srcUri, dstUri);
  }

  @Override
  public void mkdirs(String uri) throws IOException {
    delegate.mkdirs(uri);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
