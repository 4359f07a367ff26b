package io.ferry.client;

import io.ferry.common.BlockFiles;
import io.ferry.common.VerifiedBlockFiles;
import io.ferry.proto.WorkerAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Short-circuit: reads a block straight from the file a worker on this host
 * keeps it in, memory-mapped: one copy from the page cache into the caller's
 * buffer and no system call per read. The mapping keeps working after the
 * worker evicts (deletes) the file, until the reader is closed. Used by one
 * thread at a time (FerryInputStream is synchronized), so close cannot race
 * a read of the unmapped memory.
 */
final class LocalBlockReader implements BlockReader {
  /** Files whose checksum was checked; a corrupt one is left to the worker (OpenLocalBlock drops and re-reads it). */
  private static final VerifiedBlockFiles VERIFIED = new VerifiedBlockFiles(10_000);

  private final WorkerAddress worker;
  private final MappedByteBuffer bytes;
  private final int length;
  private boolean closed;

  private LocalBlockReader(WorkerAddress worker, MappedByteBuffer bytes) {
    this.worker = worker;
    this.bytes = bytes;
    this.length = bytes.capacity();
  }

  /** Opens the block file a worker named in OpenLocalBlock. */
  static LocalBlockReader open(WorkerAddress worker, Path file, long length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return map(worker, file, channel, length);
    }
  }

  /**
   * Opens the block in the worker's tier directories without asking it, if
   * it is cached there from this fingerprint (see BlockFiles: a file under
   * that name is complete and current); empty if it is not.
   */
  static Optional<LocalBlockReader> openCached(WorkerAddress worker, long blockId, String fingerprint, long length) {
    String name = BlockFiles.fileName(blockId, fingerprint);
    for (String dir : worker.getTierDirsList()) {
      Path file = Paths.get(dir, name);
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        if (channel.size() == length && VERIFIED.check(file, channel)) {
          return Optional.of(map(worker, file, channel, length));
        }
      } catch (IOException e) {
        // not in this tier (evicted, never cached, or not readable by this user)
      }
    }
    return Optional.empty();
  }

  private static LocalBlockReader map(WorkerAddress worker, Path file, FileChannel channel, long length)
      throws IOException {
    if (length > Integer.MAX_VALUE) {
      throw new IOException("Block file " + file + " of worker at " + WorkerClients.key(worker) + " has "
          + length + " bytes; short-circuit reads map at most 2 GiB per block");
    }
    if (channel.size() < length) {
      throw new IOException("Block file " + file + " of worker at " + WorkerClients.key(worker) + " has "
          + channel.size() + " bytes, expected " + length);
    }
    return new LocalBlockReader(worker, channel.map(FileChannel.MapMode.READ_ONLY, 0, length));
  }

  @Override
  public int read(long posInBlock, ByteBuffer dst) throws IOException {
    if (closed) {
      throw new IOException("Block reader of worker at " + WorkerClients.key(worker) + " is closed");
    }
    int n = (int) Math.min(dst.remaining(), Math.max(0, length - posInBlock));
    // one copy from the mapping, straight into a direct destination (e.g. FUSE's buffer) too
    dst.put(dst.position(), bytes, (int) posInBlock, n);
    dst.position(dst.position() + n);
    return n;
  }

  @Override
  public WorkerAddress worker() {
    return worker;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      MappedBuffers.unmap(bytes);
    }
  }
}
