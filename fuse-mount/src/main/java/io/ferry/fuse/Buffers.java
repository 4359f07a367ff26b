package io.ferry.fuse;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Heap buffers for copying between Ferry streams and FUSE's native memory,
 * reused across requests. A pool rather than thread-locals: libfuse starts
 * and ends its worker threads as load changes, so thread-locals would be
 * allocated again and again.
 */
final class Buffers {
  private static final int SIZE = 128 * 1024;
  private static final int MAX_POOLED = 64;
  private static final ConcurrentLinkedDeque<byte[]> POOL = new ConcurrentLinkedDeque<>();

  private Buffers() {}

  /** A buffer of at least {@code size} bytes; give it back when done. */
  static byte[] take(int size) {
    if (size > SIZE) {
      return new byte[size];
    }
    byte[] buf = POOL.pollFirst();
    return buf != null ? buf : new byte[SIZE];
  }

  static void giveBack(byte[] buf) {
    if (buf.length == SIZE && POOL.size() < MAX_POOLED) {
      POOL.addFirst(buf);
    }
  }
}
