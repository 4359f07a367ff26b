package io.ferry.client;

import io.ferry.proto.WorkerAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Short-circuit: reads a block straight from the file a worker on this host
 * keeps it in. The channel stays open while the block is read; no RPC per read.
 */
final class LocalBlockReader implements BlockReader {
  private final WorkerAddress worker;
  private final Path file;
  private final FileChannel channel;
  private final long length;

  LocalBlockReader(WorkerAddress worker, Path file, long length) throws IOException {
    this.worker = worker;
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.length = length;
  }

  @Override
  public int read(long posInBlock, byte[] b, int off, int len) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b, off, (int) Math.min(len, Math.max(0, length - posInBlock)));
    while (buf.hasRemaining()) {
      if (channel.read(buf, posInBlock + buf.position() - off) < 0) {
        throw new IOException("Block file " + file + " of worker at " + WorkerClients.key(worker)
            + " ends at " + (posInBlock + buf.position() - off) + " bytes, expected " + length);
      }
    }
    return buf.position() - off;
  }

  @Override
  public WorkerAddress worker() {
    return worker;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written: closing a read channel cannot lose data
    }
  }
}
