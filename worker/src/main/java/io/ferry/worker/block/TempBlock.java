package io.ferry.worker.block;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * A block being written to a temporary file. It becomes visible under its
 * block path only when committed (an atomic rename), so no reader ever sees
 * a partial block. The CRC32C of the bytes is computed as they are written,
 * or, for a block a client on this host writes into the file itself
 * (short-circuit), taken from the client with the length it reports.
 */
public final class TempBlock implements Closeable {
  private static final int COPY_BUFFER_BYTES = 1 << 20;

  private final long blockId;
  private final Path path;
  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private final UnevictableSpace space;
  private long length;
  private long reserved;
  /** The client's CRC32C of a block it wrote into the file itself; -1: the bytes came through {@link #write}. */
  private long clientCrc = -1;

  TempBlock(long blockId, Path tmpDir, UnevictableSpace space) throws IOException {
    this.blockId = blockId;
    this.space = space;
    this.path = Files.createTempFile(tmpDir, blockId + "-", ".tmp");
    this.channel = FileChannel.open(path, StandardOpenOption.WRITE);
  }

  public long blockId() {
    return blockId;
  }

  public Path path() {
    return path;
  }

  public long length() {
    return length;
  }

  /** The CRC32C of the bytes written so far. */
  public long crc() {
    return clientCrc >= 0 ? clientCrc : crc.getValue();
  }

  public void write(ByteBuffer bytes) throws IOException {
    write(List.of(bytes));
  }

  /**
   * Appends {@code bytes} in order, in gathering writes: a chunk received in
   * pieces (the transport's direct buffers) goes to the file without being
   * copied together first.
   */
  public void write(List<ByteBuffer> bytes) throws IOException {
    if (clientCrc >= 0) {
      throw new IllegalStateException("Block " + blockId + " is written by a client on this host");
    }
    ByteBuffer[] pieces = bytes.toArray(ByteBuffer[]::new);
    long left = 0;
    for (ByteBuffer piece : pieces) {
      crc.update(piece.duplicate());
      left += piece.remaining();
    }
    while (left > 0) {
      long n = channel.write(pieces);
      length += n;
      left -= n;
    }
  }

  /**
   * Takes the bytes a client on this host wrote into {@link #path} itself
   * (short-circuit): the block is now {@code newLength} bytes long, with
   * CRC32C {@code newCrc}. Fails if the file holds fewer bytes, or if the
   * length goes back.
   */
  public void writtenByClient(long newLength, long newCrc) throws IOException {
    if (clientCrc < 0 && length > 0) {
      throw new IllegalStateException("Block " + blockId + " is written by this worker");
    }
    if (newLength < length || channel.size() < newLength) {
      throw new IOException("Block " + blockId + " was reported " + newLength + " bytes long after " + length
          + ", but its file holds " + channel.size());
    }
    length = newLength;
    clientCrc = newCrc;
  }

  /**
   * Reserves room in its tier for {@code bytes} more of a block that will
   * exist only in the cache (MUST_CACHE); false if the tier has no room left
   * beside the other cache-only blocks. The reservation becomes the block's
   * when it is committed, and is released if it is discarded.
   */
  public boolean reserveCacheOnly(long bytes) {
    if (!space.reserve(bytes)) {
      return false;
    }
    reserved += bytes;
    return true;
  }

  /** Hands the reserved bytes over to the committed block. */
  long takeReservation() {
    long taken = reserved;
    reserved = 0;
    return taken;
  }

  /** Copies up to {@code max} bytes of {@code in}; returns how many there were. */
  public long copyFrom(InputStream in, long max) throws IOException {
    return copyFrom(in, max, copied -> { });
  }

  /**
   * Copies up to {@code max} bytes of {@code in} as they come, telling
   * {@code progress} how many are in the file after each write; returns how
   * many there were.
   */
  public long copyFrom(InputStream in, long max, LongConsumer progress) throws IOException {
    byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(max, 1))];
    long copied = 0;
    while (copied < max) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, max - copied));
      if (n < 0) {
        break;
      }
      write(ByteBuffer.wrap(buffer, 0, n));
      copied += n;
      progress.accept(copied);
    }
    return copied;
  }

  /** Ends writing; the block can then be committed (a client's file must hold exactly what it reported). */
  @Override
  public void close() throws IOException {
    try {
      if (clientCrc >= 0 && channel.isOpen() && channel.size() != length) {
        throw new IOException("Block " + blockId + " was reported " + length + " bytes long, but its file holds "
            + channel.size());
      }
    } finally {
      channel.close();
    }
  }

  /** Drops the block: closes and deletes the file (a no-op once committed). */
  public void discard() {
    space.release(takeReservation());
    try {
      channel.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Left behind in the tmp directory, which is cleared at the next start.
    }
  }
}
