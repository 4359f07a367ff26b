package io.ferry.client;

import io.ferry.proto.WorkerAddress;
import java.io.IOException;

/** Reads the bytes of one block from one worker. */
interface BlockReader extends AutoCloseable {
  /**
   * Reads up to {@code len} bytes at {@code posInBlock}, at least one when
   * {@code len > 0} and the position is inside the block.
   */
  int read(long posInBlock, byte[] b, int off, int len) throws IOException;

  WorkerAddress worker();

  @Override
  void close();
}
