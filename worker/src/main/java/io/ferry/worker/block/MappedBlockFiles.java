package io.ferry.worker.block;

import io.ferry.common.MappedBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the block files of a tier mapped between reads, so a block read again
 * streams from pages already mapped. Mapping a 4 MiB block afresh for every
 * read (its page faults, then the unmapping) cost the worker about a sixth of
 * its CPU when it streamed warm blocks over gRPC.
 *
 * <p>The tier registers each block it indexes and drops it when the block
 * leaves (evicted, moved down, replaced, removed); a dropped block's file is
 * unmapped as soon as no reader holds it, so a deleted file's memory is freed
 * at once rather than whenever the garbage collector finds the mapping. Only
 * a registered block can be held, so a reader racing an eviction never maps a
 * file that nothing would unmap.
 */
public final class MappedBlockFiles {
  private final int maxMapped;
  /** Registered blocks by identity: the tier's current metas. Guarded by this. */
  private final Map<BlockMeta, Mapping> blocks = new IdentityHashMap<>();
  private int mapped;

  /**
   * @param maxMapped how many files may stay mapped at once; each is one
   *     memory map of the process, and Linux allows 65530 by default
   */
  public MappedBlockFiles(int maxMapped) {
    this.maxMapped = maxMapped;
  }

  /** A block the tier indexed: it may be held from now on. */
  synchronized void register(BlockMeta meta) {
    blocks.putIfAbsent(meta, new Mapping());
  }

  /** The block left the tier: its file is unmapped now, or when its last holder lets go. */
  synchronized void drop(BlockMeta meta) {
    Mapping m = blocks.remove(meta);
    if (m != null) {
      m.dropped = true;
      m.unmapIfUnused();
    }
  }

  /**
   * Holds the mapping of a block's whole file, mapping it at the first hold.
   * Empty if the block left the tier (or was never in it), or if as many files
   * as allowed are mapped already. The bytes stay readable until the hold is closed.
   */
  public synchronized Optional<Hold> hold(BlockMeta meta) throws IOException {
    Mapping m = blocks.get(meta);
    if (m == null || meta.length() > Integer.MAX_VALUE) { // a ByteBuffer maps at most 2 GiB
      return Optional.empty();
    }
    if (m.buffer == null) {
      if (mapped >= maxMapped) {
        return Optional.empty();
      }
      try (FileChannel channel = FileChannel.open(meta.path(), StandardOpenOption.READ)) {
        m.buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, meta.length());
      }
      mapped++;
    }
    m.holders++;
    return Optional.of(new Hold(m));
  }

  /** How many files are mapped now. */
  public synchronized int mappedCount() {
    return mapped;
  }

  /** A block's mapping and who holds it; guarded by the enclosing instance. */
  private final class Mapping {
    MappedByteBuffer buffer;
    int holders;
    boolean dropped;

    void unmapIfUnused() {
      if (dropped && holders == 0 && buffer != null) {
        MappedBuffers.unmap(buffer);
        buffer = null;
        mapped--;
      }
    }
  }

  /** A reader's hold on a mapped block file; the slices it gives must not be used after {@link #close}. */
  public final class Hold implements AutoCloseable {
    private final Mapping mapping;
    private final ByteBuffer buffer;
    private boolean closed;

    private Hold(Mapping mapping) {
      this.mapping = mapping;
      this.buffer = mapping.buffer;
    }

    /** The bytes {@code [position, position + size)} of the block. */
    public ByteBuffer slice(long position, long size) {
      return buffer.slice(Math.toIntExact(position), Math.toIntExact(size));
    }

    @Override
    public void close() {
      synchronized (MappedBlockFiles.this) {
        if (!closed) {
          closed = true;
          mapping.holders--;
          mapping.unmapIfUnused();
        }
      }
    }
  }
}
