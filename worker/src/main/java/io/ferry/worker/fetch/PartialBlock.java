package io.ferry.worker.fetch;

import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * A block of which only some pages are cached: a sparse file with each page
 * written at its offset in the block, and a bitmap of the pages present. Only present pages are ever read from it; it is never a
 * tier's block file, so short-circuit clients (which look for complete
 * files by name) never find it. One fetch at a time fills it, so two readers
 * missing the same page fetch it once.
 */
final class PartialBlock {
  private static final int COPY_BUFFER_BYTES = 256 << 10;
  /** The most a run of sequential reads fetches ahead of what it reads. */
  static final long MAX_READ_AHEAD = 8L << 20;

  private final long blockId;
  private final UfsBlockSource source;
  private final Path file;
  private final int pageSize;
  /** Guarded by this. */
  private final BitSet present = new BitSet();
  private final Object fetching = new Object();
  /** Where the last read ended, and what the next read fetches ahead if it starts there; guarded by this. */
  private long lastReadEnd = -1;
  private long readAhead;

  PartialBlock(long blockId, UfsBlockSource source, Path file, int pageSize) {
    this.blockId = blockId;
    this.source = source;
    this.file = file;
    this.pageSize = pageSize;
  }

  long blockId() {
    return blockId;
  }

  String fingerprint() {
    return source.getFingerprint();
  }

  long length() {
    return source.getBlockLength();
  }

  Path file() {
    return file;
  }

  /**
   * How far past {@code [offset, offset + length)} a miss of this read
   * fetches: nothing for a read that does not start where the last one
   * ended (a random reader fetches only what it reads), else twice the read,
   * doubling with each sequential read, up to {@link #MAX_READ_AHEAD}.
   */
  synchronized long readAheadFor(long offset, long length) {
    readAhead = offset == lastReadEnd ? Math.min(MAX_READ_AHEAD, Math.max(2 * length, 2 * readAhead)) : 0;
    lastReadEnd = offset + length;
    return readAhead;
  }

  /** The bytes of the pages present. */
  synchronized long presentBytes() {
    long bytes = 0;
    for (int page = present.nextSetBit(0); page >= 0; page = present.nextSetBit(page + 1)) {
      bytes += pageEnd(page) - (long) page * pageSize;
    }
    return bytes;
  }

  /** True once every page of the block is present. */
  synchronized boolean complete() {
    return present.cardinality() == endPage(0, length());
  }

  /** True if every page of {@code [offset, offset + length)} is present. */
  synchronized boolean has(long offset, long length) {
    int first = firstPage(offset);
    int end = endPage(offset, length);
    return present.nextClearBit(first) >= end;
  }

  /**
   * Fetches the pages of {@code [offset, offset + length)} not present yet,
   * each run of missing pages with one ranged read of the UFS; returns the
   * bytes fetched, written through {@code out} (this block's file). A page
   * is marked present only once the whole run was written and found to be of
   * this block's version.
   */
  long fill(UnderFileSystem under, FileChannel out, long offset, long length) throws IOException {
    synchronized (fetching) {
      int end = endPage(offset, length);
      long fetched = 0;
      for (int page = firstPage(offset); page < end; ) {
        int runStart = missingFrom(page, end);
        if (runStart >= end) {
          break;
        }
        int runEnd = presentFrom(runStart, end);
        fetched += fetchRun(under, out, runStart, runEnd);
        synchronized (this) {
          present.set(runStart, runEnd);
        }
        page = runEnd;
      }
      return fetched;
    }
  }

  private synchronized int missingFrom(int page, int end) {
    return Math.min(present.nextClearBit(page), end);
  }

  private synchronized int presentFrom(int page, int end) {
    int next = present.nextSetBit(page);
    return next < 0 ? end : Math.min(next, end);
  }

  private long fetchRun(UnderFileSystem under, FileChannel out, int firstPage, int endPage) throws IOException {
    long from = (long) firstPage * pageSize;
    long to = pageEnd(endPage - 1);
    long copied = 0;
    String version;
    try (UfsInputStream in = under.open(source.getUfsUri(), source.getBlockStart() + from, to - from)) {
      byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, to - from)];
      while (copied < to - from) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, to - from - copied));
        if (n < 0) {
          break;
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          out.write(bytes, from + copied + bytes.position());
        }
        copied += n;
      }
      version = in.fingerprint();
    }
    if (!version.equals(source.getFingerprint())) {
      throw FetchFailures.changed(source, version);
    }
    if (copied < to - from) {
      throw FetchFailures.shortRead(source, source.getBlockStart() + from, to - from, copied);
    }
    return copied;
  }

  private int firstPage(long offset) {
    return (int) (offset / pageSize);
  }

  /** The page after the last one {@code [offset, offset + length)} touches. */
  private int endPage(long offset, long length) {
    return (int) ((offset + length + pageSize - 1) / pageSize);
  }

  /** Where a page ends: the next page's start, or the block's end for the last page. */
  private long pageEnd(int page) {
    return Math.min(length(), (long) (page + 1) * pageSize);
  }
}
