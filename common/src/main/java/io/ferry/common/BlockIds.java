package io.ferry.common;

/**
 * Block ids pack (file id, block index) into one long: the high 40 bits are
 * the file id, the low 24 bits the index (16M blocks a file).
 */
public final class BlockIds {
  public static final int INDEX_BITS = 24;
  public static final long MAX_INDEX = (1L << INDEX_BITS) - 1;

  private BlockIds() {}

  public static long of(long fileId, long index) {
    if (index < 0 || index > MAX_INDEX) {
      throw new IllegalArgumentException("block index out of range: " + index);
    }
    return (fileId << INDEX_BITS) | index;
  }

  public static long fileId(long blockId) {
    return blockId >>> INDEX_BITS;
  }

  public static int index(long blockId) {
    return (int) (blockId & MAX_INDEX);
  }

  /** The number of blocks a file of this length has. */
  public static int count(long length, long blockSize) {
    return (int) ((length + blockSize - 1) / blockSize);
  }
}
