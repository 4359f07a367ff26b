package io.ferry.worker.fetch;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A block being fetched, open once and read by every request that waits for
 * the fetch, as its bytes arrive: a reader waits only for the bytes it is
 * about to send, not for the whole block. It is read from this open channel
 * rather than from its cache file because the cache may evict (or never
 * admit) the block at once, and because uncached blocks have no file left at
 * all. The channel closes when the fetch has ended and the last reader is done.
 */
final class SharedBlockFile {
  private final FileChannel channel;
  private final long length;
  /** Guarded by this, like every field below. */
  private long available;
  private boolean fetched;
  private Throwable failure;
  private Path cachedPath;
  /** Run once the whole block is in, with its cache file (null if it was not cached). */
  private final List<Consumer<Path>> onFetched = new ArrayList<>();
  private int released;
  /** How many readers will open it; -1 until the fetch ends (requests may join it until then). */
  private int expected = -1;

  SharedBlockFile(FileChannel channel, long length) {
    this.channel = channel;
    this.length = length;
  }

  OpenBlock open() {
    return OpenBlock.ofFetch(channel, length, this, this::release);
  }

  /** The first {@code bytes} bytes of the block are in the file. */
  synchronized void grew(long bytes) {
    available = bytes;
    notifyAll();
  }

  /** The whole block is in; {@code path} is its file in the cache (null if it was not cached). */
  void fetched(Path path) {
    List<Consumer<Path>> actions;
    synchronized (this) {
      available = length;
      fetched = true;
      cachedPath = path;
      notifyAll();
      actions = List.copyOf(onFetched);
      onFetched.clear();
    }
    actions.forEach(action -> action.accept(path));
  }

  /** Runs {@code action} with the cache file (null if not cached) once the whole block is in; never if it fails. */
  void whenFetched(Consumer<Path> action) {
    synchronized (this) {
      if (!fetched) {
        onFetched.add(action);
        return;
      }
    }
    action.accept(cachedPath);
  }

  /** The fetch failed: readers still waiting for bytes fail with {@code cause}. */
  synchronized void failed(Throwable cause) {
    failure = cause;
    notifyAll();
  }

  /**
   * Waits until the block's first {@code end} bytes are in (or the whole
   * block, if shorter) and returns how many are in: at least that many.
   * Throws the fetch's failure if it failed first.
   */
  synchronized long awaitAvailable(long end) throws IOException {
    long needed = Math.min(end, length);
    while (available < needed && failure == null) {
      waitForFetch();
    }
    if (available < needed) {
      throw failureAsIo();
    }
    return available;
  }

  /** Waits for the fetch to end; returns the block's cache file, or null if it was not cached. */
  synchronized Path awaitFetched() throws IOException {
    while (!fetched && failure == null) {
      waitForFetch();
    }
    if (!fetched) {
      throw failureAsIo();
    }
    return cachedPath;
  }

  synchronized boolean isFetched() {
    return fetched;
  }

  private void waitForFetch() throws FerryException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while waiting for a block's bytes from the UFS");
    }
  }

  private IOException failureAsIo() {
    if (failure instanceof IOException io) {
      return io;
    }
    return new FerryException(ErrorCode.INTERNAL, "Fetch of a block failed: " + failure, failure);
  }

  /** Sets how many readers open it; called once, when the fetch ends and no request can join any more. */
  synchronized void expectReaders(int count) {
    expected = count;
    closeIfDone();
  }

  synchronized void release() {
    released++;
    closeIfDone();
  }

  /** Closes the file of a fetch that failed before any reader had it. */
  void discardUnread() {
    closeQuietly();
  }

  private void closeIfDone() {
    if (released == expected) {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing a read-only channel; nothing was lost
    }
  }

}
