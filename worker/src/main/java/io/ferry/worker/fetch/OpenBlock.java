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
import java.util.function.Consumer;

/**
 * A block opened for reading: a channel mapped range by range (so one
 * channel may be shared), or the held mapping of a memory-tier block file;
 * its length, and its cache file if it was cached. Reads keep working after
 * the block is evicted (the file stays open, or mapped). A block still being
 * fetched from the UFS is read as its bytes arrive: a read waits only for the
 * bytes it reads.
 */
public final class OpenBlock implements Closeable {
  /** Null for a held block. */
  private final FileChannel channel;
  /** Null for a block read through its channel. */
  private final MappedBlockFiles.Hold hold;
  private final long length;
  private final Path cachedPath;
  /** The fetch the bytes come from; null for a block that was complete when opened. */
  private final SharedBlockFile fetch;
  private final Closeable onClose;
  /** The ranges mapped from the channel: unmapped at close, not when the collector finds them. */
  private final List<MappedByteBuffer> mappings = new ArrayList<>();
  private boolean closed;

  OpenBlock(FileChannel channel, long length, Path cachedPath, Closeable onClose) {
    this(channel, null, length, cachedPath, null, onClose);
  }

  private OpenBlock(FileChannel channel, MappedBlockFiles.Hold hold, long length, Path cachedPath,
      SharedBlockFile fetch, Closeable onClose) {
    this.channel = channel;
    this.hold = hold;
    this.length = length;
    this.cachedPath = cachedPath;
    this.fetch = fetch;
    this.onClose = onClose;
  }

  /** A block being fetched into the file of {@code channel}, read as {@code fetch} says its bytes are in. */
  static OpenBlock ofFetch(FileChannel channel, long length, SharedBlockFile fetch, Closeable onClose) {
    return new OpenBlock(channel, null, length, null, fetch, onClose);
  }

  /** Opens a cached block's file; NoSuchFileException if it was evicted meanwhile. */
  static OpenBlock ofCached(BlockMeta meta) throws IOException {
    FileChannel channel = FileChannel.open(meta.path(), StandardOpenOption.READ);
    return new OpenBlock(channel, meta.length(), meta.path(), channel);
  }

  /** A cached block whose file stays mapped between reads; closing releases the hold. */
  static OpenBlock ofHeld(BlockMeta meta, MappedBlockFiles.Hold hold) {
    return new OpenBlock(null, hold, meta.length(), meta.path(), null, hold::close);
  }

  /**
   * The range mapped read-only into memory, to send without a copy into the
   * heap. The mapping outlives an eviction of the block until this block is
   * closed, and is unmapped then: it must not be read after that. Of a block
   * being fetched, waits until the range is in.
   */
  public ByteBuffer map(long position, long size) throws IOException {
    if (fetch != null) {
      fetch.awaitAvailable(position + size);
    }
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
   * (sendfile: no mapping to fault in, no copy through the heap). Of a block
   * being fetched, sends each part of the range as soon as it is in.
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
      long ready = fetch == null ? size : Math.min(size, fetch.awaitAvailable(position + sent + 1) - position);
      long n = channel.transferTo(position + sent, ready - sent, target);
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

  /** True unless the block is still being fetched: its bytes are all in. */
  public boolean complete() {
    return fetch == null || fetch.isFetched();
  }

  /**
   * Runs {@code action} with the block's cache file (empty if it was not
   * cached) once the block is complete: now, or when its fetch ends (on the
   * fetching thread; never if the fetch fails).
   */
  void whenFetched(Consumer<Optional<Path>> action) {
    if (fetch == null) {
      action.accept(Optional.ofNullable(cachedPath));
    } else {
      fetch.whenFetched(path -> action.accept(Optional.ofNullable(path)));
    }
  }

  /**
   * The block's file in the cache, if the block was cached. Of a block being
   * fetched, waits for the fetch to end (and throws its failure).
   */
  public Optional<Path> cachedPath() throws IOException {
    return Optional.ofNullable(fetch != null ? fetch.awaitFetched() : cachedPath);
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
