package io.ferry.client;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads the bytes of one block from one worker. */
interface BlockReader extends AutoCloseable {
  /**
   * Reads up to {@code dst.remaining()} bytes at {@code posInBlock} into
   * {@code dst} (heap or direct), advancing its position; at least one byte
   * when {@code dst} has room and the position is inside the block.
   */
  int read(long posInBlock, ByteBuffer dst) throws IOException;

  WorkerEndpoint worker();

  /** How this reader gets the bytes. */
  ReadSource source();

  @Override
  void close();
}
