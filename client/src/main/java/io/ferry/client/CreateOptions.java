package io.ferry.client;

/**
 * Options of {@link FerryClient#createFile}. Zero/null values mean "the
 * default": block size from {@code ferry.user.block.size}, write type from
 * {@code ferry.user.write.type}, mode 0644 (decided by the master).
 */
public record CreateOptions(boolean overwrite, boolean recursive, long blockSize, WriteType writeType, int mode) {
  public static final CreateOptions DEFAULT = new CreateOptions(false, false, 0, null, 0);

  public CreateOptions withOverwrite(boolean value) {
    return new CreateOptions(value, recursive, blockSize, writeType, mode);
  }

  public CreateOptions withRecursive(boolean value) {
    return new CreateOptions(overwrite, value, blockSize, writeType, mode);
  }

  public CreateOptions withBlockSize(long value) {
    return new CreateOptions(overwrite, recursive, value, writeType, mode);
  }

  public CreateOptions withWriteType(WriteType value) {
    return new CreateOptions(overwrite, recursive, blockSize, value, mode);
  }

  public CreateOptions withMode(int value) {
    return new CreateOptions(overwrite, recursive, blockSize, writeType, value);
  }
}
