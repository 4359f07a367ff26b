package io.ferry.worker.fetch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A freshly fetched block, open once and read by every request that waited
 * for the fetch. It is read from this open channel rather than from its cache
 * file because the cache may evict (or never admit) the block at once, and
 * because uncached blocks have no file left at all. The channel closes when
 * the last reader is done.
 */
final class SharedBlockFile {
  private final FileChannel channel;
  private final long length;
  private final Path cachedPath;
  private int readers;

  SharedBlockFile(FileChannel channel, long length, Path cachedPath) {
    this.channel = channel;
    this.length = length;
    this.cachedPath = cachedPath;
  }

  /** Sets how many readers will {@link #open} it; called once, before it is handed out. */
  synchronized void expectReaders(int count) {
    readers = count;
  }

  OpenBlock open() {
    return new OpenBlock(channel, length, cachedPath, this::release);
  }

  synchronized void release() throws IOException {
    if (--readers == 0) {
      channel.close();
    }
  }

  /** Releases the share of a reader that gave up waiting. */
  void releaseQuietly() {
    try {
      release();
    } catch (IOException e) {
      // closing a read-only channel; nothing was lost
    }
  }
}
