package io.ferry.worker.fetch;

import io.ferry.ufs.ForwardingUnderFileSystem;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.UnderFileSystem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps an under storage, counting opens and open read streams; opens can be held at a gate, versions hidden. */
final class CountingUnderFileSystem extends ForwardingUnderFileSystem {
  private final AtomicInteger opens = new AtomicInteger();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger maxOpenStreams = new AtomicInteger();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile boolean noVersion;

  CountingUnderFileSystem(UnderFileSystem delegate) {
    super(delegate);
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

  /** Makes reads tell no version, as an object store does for an object without an ETag. */
  void tellNoVersion() {
    noVersion = true;
  }

  @Override
  public UfsInputStream open(String uri, long offset, long length) throws IOException {
    opens.incrementAndGet();
    maxOpenStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
    try {
      gate.await();
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
    UfsInputStream opened = super.open(uri, offset, length);
    UfsInputStream in = noVersion ? UfsInputStream.of(opened, null) : opened;
    return in.through(new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        openStreams.decrementAndGet();
        super.close();
      }
    });
  }
}
