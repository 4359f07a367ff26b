package io.ferry.client;

import io.ferry.proto.LocalBlockWritten;
import io.ferry.proto.WriteFileRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short-circuit write of one worker's copy of a cache-only file (ASYNC_THROUGH,
 * MUST_CACHE) by a client on the worker's host: each block goes straight into
 * the temporary file the worker names for it (as Alluxio's short-circuit
 * write), not over the WriteFile stream, so its bytes cross no socket and the
 * worker copies none of them; after each write the client reports how far the
 * block's file is written, with the CRC32C so far, and the worker reserves the
 * room and commits the block as if the bytes had come in chunks. When the
 * worker refuses or its file cannot be opened here (another user, another view
 * of the file system), the rest of the file goes in chunks.
 */
final class LocalBlockWriter {
  private static final Logger LOG = LoggerFactory.getLogger(LocalBlockWriter.class);

  private final WorkerWriteStream stream;
  private final long blockSize;
  private final CRC32C crc = new CRC32C();
  /** The current block's file; null before the first block. */
  private FileChannel block;
  private long inBlock;

  LocalBlockWriter(WorkerWriteStream stream, long blockSize) {
    this.stream = stream;
    this.blockSize = blockSize;
  }

  /**
   * Writes {@code chunk[0, length)} into the blocks' files and reports it;
   * returns how many bytes it wrote: fewer than {@code length} once it falls
   * back to chunks, for good (at a block's start, so the worker takes the
   * rest of that block from the stream).
   */
  int write(byte[] chunk, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if ((block == null || inBlock == blockSize) && !openNextBlock()) {
        return done;
      }
      int n = (int) Math.min(length - done, blockSize - inBlock);
      ByteBuffer bytes = ByteBuffer.wrap(chunk, done, n);
      while (bytes.hasRemaining()) {
        block.write(bytes);
      }
      crc.update(chunk, done, n);
      inBlock += n;
      done += n;
      stream.send(WriteFileRequest.newBuilder().setLocalWritten(LocalBlockWritten.newBuilder()
          .setLength(inBlock).setCrc((int) crc.getValue())).build());
    }
    return done;
  }

  /** Closes the current block's file (the worker checks its length when it commits the block). */
  void close() {
    if (block != null) {
      try {
        block.close();
      } catch (IOException e) {
        LOG.debug("Cannot close a block file of {}: {}", stream.worker().hostPort(), e.toString());
      }
    }
  }

  private boolean openNextBlock() throws IOException {
    close();
    block = null;
    String path = stream.openLocalBlock();
    if (path.isEmpty()) {
      return false;
    }
    try {
      block = FileChannel.open(Path.of(path), StandardOpenOption.WRITE);
    } catch (IOException e) {
      LOG.info("Cannot write block files of the worker at {} here ({}); sending it the bytes instead",
          stream.worker().hostPort(), e.toString());
      return false;
    }
    inBlock = 0;
    crc.reset();
    return true;
  }
}
