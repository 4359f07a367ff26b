package io.ferry.fuse;

import com.kenai.jffi.MemoryIO;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of one FUSE read_buf: a {@code struct fuse_bufvec} whose parts are
 * spans of block files, which libfuse splices into /dev/fuse without copying
 * them through this process (with the mount option splice_write), followed by
 * at most one part in memory for bytes that were read (streamed from a
 * worker). libfuse frees the vector and its memory part after replying; until
 * then the descriptors must stay open (see {@link BlockFileDescriptors}).
 */
final class ReplyVector {
  private static final MemoryIO NATIVE = MemoryIO.getInstance();
  // struct fuse_bufvec { size_t count, idx, off; struct fuse_buf buf[]; } on 64-bit Linux
  private static final int HEADER_BYTES = 24;
  // struct fuse_buf { size_t size; enum fuse_buf_flags flags; void *mem; int fd; off_t pos; }
  private static final int BUF_BYTES = 40;
  private static final int FUSE_BUF_IS_FD = 1 << 1;
  private static final int FUSE_BUF_FD_SEEK = 1 << 2;
  private static final int FUSE_BUF_FD_RETRY = 1 << 3;

  private record FileSpan(int fd, long position, int length) {}

  private final List<FileSpan> spans = new ArrayList<>();
  private long memory;
  private int memoryLength;

  void addFileSpan(int fd, long position, int length) {
    if (memory != 0) {
      throw new IllegalStateException("File spans come before the memory part");
    }
    spans.add(new FileSpan(fd, position, length));
  }

  /** Allocates the memory part; returns its address. */
  long allocateMemory(int capacity) {
    if (memory != 0) {
      throw new IllegalStateException("A reply has one memory part");
    }
    memory = mallocOrFail(capacity);
    return memory;
  }

  /** How many bytes of the memory part were filled. */
  void memoryFilled(int length) {
    memoryLength = length;
  }

  /** Builds the vector and hands it, with the memory part, to libfuse: stores its address at {@code bufp}. */
  void publish(long bufp) {
    int count = spans.size() + (memory != 0 || spans.isEmpty() ? 1 : 0);
    long vector = mallocOrFail(HEADER_BYTES + (long) BUF_BYTES * count);
    NATIVE.putLong(vector, count);
    NATIVE.putLong(vector + 8, 0); // idx
    NATIVE.putLong(vector + 16, 0); // off
    long buf = vector + HEADER_BYTES;
    for (FileSpan span : spans) {
      writeBuf(buf, span.length, FUSE_BUF_IS_FD | FUSE_BUF_FD_SEEK | FUSE_BUF_FD_RETRY, 0, span.fd, span.position);
      buf += BUF_BYTES;
    }
    if (memory != 0 || spans.isEmpty()) {
      writeBuf(buf, memoryLength, 0, memory, -1, 0); // an empty reply (end of file) is an empty memory part
    }
    NATIVE.putAddress(bufp, vector);
    memory = 0; // libfuse's now
  }

  /** Frees what this reply allocated, when it is not published (the read failed). */
  void discard() {
    if (memory != 0) {
      LibC.INSTANCE.free(memory);
      memory = 0;
    }
  }

  private static void writeBuf(long buf, long size, int flags, long mem, int fd, long pos) {
    NATIVE.putLong(buf, size);
    NATIVE.putInt(buf + 8, flags);
    NATIVE.putInt(buf + 12, 0); // padding
    NATIVE.putAddress(buf + 16, mem);
    NATIVE.putInt(buf + 24, fd);
    NATIVE.putInt(buf + 28, 0); // padding
    NATIVE.putLong(buf + 32, pos);
  }

  private static long mallocOrFail(long bytes) {
    long address = LibC.INSTANCE.malloc(Math.max(1, bytes));
    if (address == 0) {
      throw new OutOfMemoryError("malloc of " + bytes + " bytes for a FUSE read reply failed");
    }
    return address;
  }
}
