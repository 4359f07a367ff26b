package io.ferry.client;

import io.ferry.common.MappedBuffers;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * A block file mapped into memory, shared by its readers and
 * {@link BlockMappings}, each holding a reference. It is unmapped when the
 * last one lets go, not when the garbage collector gets to it: the mapping of
 * a block the worker has since deleted keeps its pages (tmpfs memory) alive.
 */
final class MappedBlock {
  private final MappedByteBuffer bytes;
  private int references = 1;

  MappedBlock(MappedByteBuffer bytes) {
    this.bytes = bytes;
  }

  /** Takes one more reference; false once the mapping is gone (map the file again). */
  synchronized boolean retain() {
    if (references == 0) {
      return false;
    }
    references++;
    return true;
  }

  /** Gives a reference back; the last one unmaps the file. */
  void release() {
    synchronized (this) {
      if (--references > 0) {
        return;
      }
    }
    MappedBuffers.unmap(bytes);
  }

  /** Copies {@code dst.remaining()} bytes from {@code position} into {@code dst}; the caller holds a reference. */
  void read(int position, ByteBuffer dst) {
    dst.put(bytes.slice(position, dst.remaining()));
  }

  synchronized boolean isMapped() {
    return references > 0;
  }
}
