package io.ferry.worker.fetch;

import io.ferry.common.MappedBuffers;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.MappedBlockFiles;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A block opened for reading: a channel mapped range by range (so one
 * channel may be shared), or the held mapping of a memory-tier block file;
 * its length, and its cache file if it was cached. Reads keep working after
 * the block is evicted (the file stays open, or mapped).
 */
public final class OpenBlock implements Closeable {
  /** Null for a held block. */
  private final FileChannel channel;
  /** Null for a block read through its channel. */
  private final MappedBlockFiles.Hold hold;
  private final long length;
  private final Path cachedPath;
  private final Closeable onClose;
  /** The ranges mapped from the channel: unmapped at close, not when the collector finds them. */
  private final List<MappedByteBuffer> mappings = new ArrayList<>();
  private boolean closed;

  OpenBlock(FileChannel channel, long length, Path cachedPath, Closeable onClose) {
    this(channel, null, length, cachedPath, onClose);
  }

  private OpenBlock(FileChannel channel, MappedBlockFiles.Hold hold, long length, Path cachedPath,
      Closeable onClose) {
    this.channel = channel;
    this.hold = hold;
    this.length = length;
    this.cachedPath = cachedPath;
    this.onClose = onClose;
  }

  /** Opens a cached block's file; NoSuchFileException if it was evicted meanwhile. */
  static OpenBlock ofCached(BlockMeta meta) throws IOException {
    FileChannel channel = FileChannel.open(meta.path(), StandardOpenOption.READ);
    return new OpenBlock(channel, meta.length(), meta.path(), channel);
  }

  /** A cached block whose file stays mapped between reads; closing releases the hold. */
  static OpenBlock ofHeld(BlockMeta meta, MappedBlockFiles.Hold hold) {
    return new OpenBlock(null, hold, meta.length(), meta.path(), hold::close);
  }

  /**
   * The range mapped read-only into memory, to send without a copy into the
   * heap. The mapping outlives an eviction of the block until this block is
   * closed, and is unmapped then: it must not be read after that.
   */
  public ByteBuffer map(long position, long size) throws IOException {
    return hold != null ? hold.slice(position, size) : mapChannel(position, size);
  }

  private synchronized ByteBuffer mapChannel(long position, long size) throws IOException {
    MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, position, size);
    mappings.add(mapping);
    return mapping;
  }

  /**
   * Writes {@code size} bytes from {@code position} to a blocking channel: from
   * the held mapping, or from the file with {@link FileChannel#transferTo}
   * (sendfile: no mapping to fault in, no copy through the heap).
   */
  public void sendTo(WritableByteChannel target, long position, long size) throws IOException {
    if (hold != null) {
      ByteBuffer range = hold.slice(position, size);
      while (range.hasRemaining()) {
        target.write(range);
      }
      return;
    }
    for (long sent = 0; sent < size; ) {
      long n = channel.transferTo(position + sent, size - sent, target);
      if (n <= 0) {
        throw new EOFException("The block file ended at " + (position + sent) + " of " + length + " bytes");
      }
      sent += n;
    }
  }

  /** The open file, for a checksum check before serving it; null for a {@link #ofHeld held} block. */
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
      // a deleted (evicted) tmpfs file's memory is freed only once no mapping of it is left
      mappings.forEach(MappedBuffers::unmap);
      mappings.clear();
      onClose.close();
    }
  }
}
