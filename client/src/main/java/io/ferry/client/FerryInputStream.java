package io.ferry.client;

import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Ferry file from workers, one {@link BlockReader} per block. A
 * worker that fails is excluded for the rest of this stream and the read goes
 * on at the same position from the next candidate, until none is left.
 * Not thread-safe for concurrent sequential reads, like any InputStream; all
 * methods are synchronized so positioned reads may come from several threads.
 *
 * <p>A file that changed in its under storage since its status was taken
 * (FILE_CHANGED from a worker) is read from the start with a status freshly
 * synced by the master, once, if the stream has returned no byte yet; after
 * that the failure is the caller's (ESTALE through FUSE), so that a stream
 * never returns bytes of two versions of a file.
 *
 * <p>With authentication on, workers read blocks only with the capability
 * the master signed in the file's status, which expires. A worker's refusal
 * (PERMISSION_DENIED) has the stream ask the master for the file's blocks
 * again, which checks the permission again and signs a new capability, once
 * per block read; a status without one (from a listing) gets its first so.
 */
public final class FerryInputStream extends InputStream {
  private static final Logger LOG = LoggerFactory.getLogger(FerryInputStream.class);

  /** Asks the master for the status of a path again, with block locations. */
  @FunctionalInterface
  interface FreshStatus {
    PathStatus of(String path) throws FerryException;
  }

  private final BlockReaderFactory readers;
  private final ClientContext ctx;
  /** The status synced with the under storage now. */
  private final FreshStatus freshStatus;
  /** The status as the master has it, with a new capability. */
  private final FreshStatus readableStatus;
  private volatile PathStatus file; // read by status() and length() without the lock
  private List<FileBlock> blocks;
  /** True once a read returned bytes: the stream is then bound to this version of the file. */
  private boolean returnedBytes;
  private boolean refreshed;
  /** Workers that failed this stream, as "host:port". */
  private final Set<String> excluded = new LinkedHashSet<>();
  private long pos;
  private BlockReader current;
  private int currentIndex = -1;
  private boolean closed;
  /** The worker of the last block reader opened, for a slow request's log line (read without the lock). */
  private volatile String readingFrom = "";

  FerryInputStream(ClientContext ctx, PathStatus file, FreshStatus freshStatus, FreshStatus readableStatus)
      throws FerryException {
    checkReadable(file);
    this.ctx = ctx;
    this.freshStatus = freshStatus;
    this.readableStatus = readableStatus;
    this.file = file;
    this.blocks = blocksOf(file);
    this.readers = new BlockReaderFactory(ctx);
  }

  private static void checkReadable(PathStatus file) throws FerryException {
    if (file.isDirectory()) {
      throw FerryException.isADirectory(file.path());
    }
    if (!file.complete()) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT,
          "Cannot read " + file.path() + ": it is still being written (not complete)");
    }
  }

  /**
   * The blocks of the file. The master's block list carries the locations;
   * any block it left out is derived from the file's id, length and block size.
   */
  private static List<FileBlock> blocksOf(PathStatus file) throws FerryException {
    long blockSize = file.blockSize();
    if (file.length() > 0 && blockSize <= 0) {
      throw new FerryException(ErrorCode.INTERNAL, "The master gave " + file.path() + " no block size");
    }
    int count = file.length() == 0 ? 0 : BlockIds.count(file.length(), blockSize);
    List<FileBlock> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long offset = i * blockSize;
      out.add(new FileBlock(BlockIds.of(file.id(), i), offset, Math.min(blockSize, file.length() - offset),
          List.of()));
    }
    for (FileBlock b : file.blocks()) {
      int i = BlockIds.index(b.blockId());
      if (i < count && b.offset() == out.get(i).offset()) {
        out.set(i, b);
      }
    }
    return out;
  }

  public PathStatus status() {
    return file;
  }

  /** The worker ("host:port") this stream last asked for a block; empty before its first read. */
  public String readingFrom() {
    return readingFrom;
  }

  public long length() {
    return file.length();
  }

  public synchronized long getPos() {
    return pos;
  }

  public synchronized long remaining() {
    return file.length() - pos;
  }

  public synchronized void seek(long newPos) throws IOException {
    checkOpen();
    if (newPos < 0 || newPos > file.length()) {
      throw new EOFException("Cannot seek to " + newPos + " in " + file.path() + " of " + file.length()
          + " bytes");
    }
    pos = newPos;
  }

  @Override
  public synchronized int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    int n = positionedRead(pos, b, off, len, true);
    if (n > 0) {
      pos += n;
    }
    return n;
  }

  /** Reads at {@code position} without moving the stream's position; -1 at the end of the file. */
  public synchronized int positionedRead(long position, byte[] b, int off, int len) throws IOException {
    return positionedRead(position, b, off, len, false);
  }

  /**
   * Reads up to {@code dst.remaining()} bytes at {@code position} into
   * {@code dst}, advancing its position (not the stream's); -1 at the end of
   * the file. Sequential callers (each read where the last ended) keep one
   * block reader; a short-circuit read copies from the block's mapping into
   * {@code dst} directly, so a direct buffer gets the bytes with no heap hop.
   */
  public synchronized int read(long position, ByteBuffer dst) throws IOException {
    return positionedRead(position, dst, true);
  }

  /** Takes bytes of a file where they sit, instead of a copy: see {@link #handOverLocal}. */
  @FunctionalInterface
  public interface LocalBytesTaker {
    /**
     * Offered {@code length} bytes at {@code offset} of {@code blockFile};
     * true if it took them (they count as read), false to leave them.
     */
    boolean take(Path blockFile, long offset, int length);
  }

  /**
   * Offers the bytes at {@code position} (up to {@code length}, within one
   * block) as they sit in a block file of a worker on this host, when this
   * stream reads that block by short-circuit, so a caller that can move bytes
   * between files without copying them (FUSE's splice) does so; returns how
   * many were taken, 0 when the block is streamed or the taker left them (read
   * them instead). Sequential callers keep the block's reader, as with reads.
   */
  public synchronized int handOverLocal(long position, int length, LocalBytesTaker taker) throws IOException {
    checkOpen();
    if (position < 0 || position >= file.length() || length <= 0) {
      return 0;
    }
    int index = (int) (position / file.blockSize());
    long inBlock = position - blocks.get(index).offset();
    BlockReader reader;
    try {
      reader = currentReader(index, inBlock, null);
    } catch (FerryException e) {
      return 0; // a read reports it, with failover
    }
    if (!(reader instanceof LocalBlockReader local)) {
      return 0;
    }
    int n = (int) Math.min(length, blocks.get(index).length() - inBlock);
    if (!taker.take(local.file(), inBlock, n)) {
      return 0;
    }
    ctx.readCounters.add(ReadSource.SHORT_CIRCUIT, n);
    returnedBytes = true;
    return n;
  }

  /** Moves forward by up to {@code n} bytes, never back and never past the end; returns how far it moved. */
  @Override
  public synchronized long skip(long n) throws IOException {
    checkOpen();
    long skipped = Math.max(0, Math.min(n, remaining()));
    pos += skipped;
    return skipped;
  }

  /** The bytes left to the end of the file (at most Integer.MAX_VALUE); 0 at the end. */
  @Override
  public synchronized int available() throws IOException {
    checkOpen();
    return (int) Math.min(Integer.MAX_VALUE, remaining());
  }

  @Override
  public synchronized void close() {
    closeCurrent();
    closed = true;
  }

  private int positionedRead(long position, byte[] b, int off, int len, boolean sequential) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    return positionedRead(position, ByteBuffer.wrap(b, off, len), sequential);
  }

  private int positionedRead(long position, ByteBuffer dst, boolean sequential) throws IOException {
    checkOpen();
    int len = dst.remaining();
    if (position < 0) {
      throw new EOFException("Cannot read at negative position " + position + " in " + file.path());
    }
    if (len == 0) {
      return 0;
    }
    if (position >= file.length()) {
      return -1;
    }
    int done = 0;
    try {
      while (done < len && position + done < file.length()) {
        done += readInBlock(position + done, dst, sequential);
      }
    } catch (FerryException e) {
      if (e.code() != ErrorCode.FILE_CHANGED || returnedBytes || done > 0 || refreshed) {
        throw e;
      }
      takeCurrentVersion(e);
      return positionedRead(position, dst, sequential);
    }
    returnedBytes = true;
    return done;
  }

  /** Moves the stream, before it returned any byte, to the file's version in its under storage now. */
  private void takeCurrentVersion(FerryException changed) throws FerryException {
    refreshed = true;
    PathStatus fresh = freshStatus.of(file.path());
    if (fresh.fingerprint().equals(file.fingerprint())) {
      throw changed; // the master sees no newer version: nothing else to read
    }
    checkReadable(fresh);
    LOG.info("{} changed in its under storage since its status was taken: reading its current version", file.path());
    closeCurrent();
    excluded.clear();
    file = fresh;
    blocks = blocksOf(fresh);
  }

  /** Fills as much of dst as the block holding {@code p} has, failing over between workers. */
  private int readInBlock(long p, ByteBuffer dst, boolean sequential) throws IOException {
    int index = (int) (p / file.blockSize());
    FileBlock block = blocks.get(index);
    long inBlock = p - block.offset();
    int want = (int) Math.min(dst.remaining(), block.length() - inBlock);
    int limit = dst.limit();
    dst.limit(dst.position() + want); // readers fill what remains: only this block's part
    try {
      int done = 0;
      IOException lastFailure = null;
      boolean renewed = false;
      while (done < want) {
        // sequential reads keep their reader for the block; other positioned reads use a one-off reader
        boolean useCurrent = sequential || index == currentIndex;
        BlockReader reader = null;
        try {
          reader = useCurrent ? currentReader(index, inBlock + done, lastFailure)
              : openReader(block, inBlock + done, want - done, lastFailure);
          while (done < want) {
            int n = reader.read(inBlock + done, dst);
            ctx.readCounters.add(reader.source(), n);
            done += n;
          }
        } catch (IOException e) {
          if (reader != null && !renewed && isRefusal(e)) {
            renewCapability(e);
            renewed = true;
            if (reader == current) {
              closeCurrent();
            }
            continue;
          }
          if (reader == null || !isWorkerFault(e)) {
            throw e;
          }
          LOG.warn("Reading block {} of {} from worker at {} failed, trying another worker: {}",
              index, file.path(), reader.worker().hostPort(), e.getMessage());
          excluded.add(reader.worker().hostPort());
          lastFailure = e;
          if (reader == current) {
            closeCurrent();
          }
        } finally {
          if (reader != null && reader != current) {
            reader.close();
          }
        }
      }
      return done;
    } finally {
      dst.limit(limit);
    }
  }

  private BlockReader currentReader(int index, long start, IOException lastFailure) throws IOException {
    if (current == null || currentIndex != index) {
      closeCurrent();
      current = openReader(blocks.get(index), start, -1, lastFailure);
      currentIndex = index;
    }
    return current;
  }

  /** A reader on the best worker left; it fails at its first read if the worker does. */
  private BlockReader openReader(FileBlock block, long start, long length, IOException lastFailure)
      throws FerryException {
    List<WorkerEndpoint> candidates = candidates(block);
    if (candidates.isEmpty()) {
      throw noWorkerLeft(block, lastFailure);
    }
    WorkerEndpoint worker = candidates.get(0);
    readingFrom = worker.hostPort();
    return readers.open(file, block, worker, start, length);
  }

  /** Holders first; the live workers (asked for only when needed) if the UFS can serve the block. */
  private List<WorkerEndpoint> candidates(FileBlock block) throws FerryException {
    List<WorkerEndpoint> holders =
        WorkerPreference.forRead(block, false, List.of(), ctx.localAddresses::isLocal, excluded);
    if (!holders.isEmpty() || !file.persisted()) {
      return holders;
    }
    List<WorkerStatus> live = ctx.liveWorkers.get();
    return WorkerPreference.forRead(block, true, live, ctx.localAddresses::isLocal, excluded);
  }

  private FerryException noWorkerLeft(FileBlock block, IOException failure) {
    int index = BlockIds.index(block.blockId());
    if (!file.persisted() && block.locations().size() == 0) {
      return new FerryException(ErrorCode.DATA_LOST, "Block " + index + " of " + file.path()
          + " is cached on no worker and the file is not persisted in its under storage (MUST_CACHE)");
    }
    String why = failure == null ? "there are no live workers"
        : "tried " + String.join(", ", excluded) + "; last error: " + failure.getMessage();
    return new FerryException(ErrorCode.UNAVAILABLE,
        "No worker left to read block " + index + " of " + file.path() + ": " + why, failure);
  }

  /** Takes a new capability for the file from the master, after a worker refused the one the stream had. */
  private void renewCapability(IOException refusal) throws FerryException {
    LOG.debug("A worker refused to read {} ({}): asking the master for a new capability", file.path(),
        refusal.getMessage());
    file = file.withCapability(readableStatus.of(file.path()).capability());
  }

  private static boolean isRefusal(IOException e) {
    return e instanceof FerryException fe && fe.code() == ErrorCode.PERMISSION_DENIED;
  }

  /** Failures of the worker or the connection, which another worker may not have. */
  private static boolean isWorkerFault(IOException e) {
    if (e instanceof FerryException fe) {
      return fe.code() == ErrorCode.UNAVAILABLE || fe.code() == ErrorCode.DEADLINE_EXCEEDED
          || fe.code() == ErrorCode.INTERNAL;
    }
    return true;
  }

  private void closeCurrent() {
    if (current != null) {
      current.close();
      current = null;
      currentIndex = -1;
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream closed: " + file.path());
    }
  }
}
