package io.ferry.worker.fetch;

import io.ferry.worker.block.BlockMeta;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A block opened for reading: a channel mapped range by range (so one
 * channel may be shared), its length, and its cache file if it was cached.
 * Reads keep working after the block is evicted (the file stays open).
 */
public final class OpenBlock implements Closeable {
  private final FileChannel channel;
  private final long length;
  private final Path cachedPath;
  private final Closeable onClose;
  private boolean closed;

  OpenBlock(FileChannel channel, long length, Path cachedPath, Closeable onClose) {
    this.channel = channel;
    this.length = length;
    this.cachedPath = cachedPath;
    this.onClose = onClose;
  }

  /** Opens a cached block's file; NoSuchFileException if it was evicted meanwhile. */
  static OpenBlock ofCached(BlockMeta meta) throws IOException {
    FileChannel channel = FileChannel.open(meta.path(), StandardOpenOption.READ);
    return new OpenBlock(channel, meta.length(), meta.path(), channel);
  }

  /**
   * The range mapped read-only into memory, to send without a copy into the
   * heap. The mapping outlives an eviction of the block, like an open channel.
   */
  public ByteBuffer map(long position, long size) throws IOException {
    return channel.map(FileChannel.MapMode.READ_ONLY, position, size);
  }

  /** The open file, for a checksum check before serving it. */
  FileChannel channel() {
    return channel;
  }

  public long length() {
    return length;
  }

  /** The block's file in the cache, if the block was cached. */
  public Optional<Path> cachedPath() {
    return Optional.ofNullable(cachedPath);
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      onClose.close();
    }
  }
}
