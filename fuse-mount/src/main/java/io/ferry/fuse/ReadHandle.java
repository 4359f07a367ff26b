package io.ferry.fuse;

import com.kenai.jffi.MemoryIO;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import jnr.ffi.Pointer;

/**
 * A file opened for reading. The kernel sends the read-ahead requests of one
 * file several at a time, so a handle serves them in parallel, each on a
 * Ferry stream of its own (at most {@link #MAX_STREAMS}). Streams are opened
 * at the first read that reaches the mount, so an open whose pages the kernel
 * already caches costs nothing, and kept for the handle's life, so sequential
 * reads stay on one block reader (short-circuit when the worker is local).
 */
final class ReadHandle implements OpenFile {
  /** Read-ahead requests of one file the mount serves at once. */
  static final int MAX_STREAMS = 4;
  private static final MemoryIO NATIVE = MemoryIO.getInstance();

  private final FerryClient client;
  private final PathStatus file;
  /** Streams not reading now, the most recently used first. */
  private final Deque<PositionedStream> idle = new ArrayDeque<>();
  private int opened;
  private boolean closed;
  /** The stream of the latest read, for {@link #waitingFor} (read without the lock). */
  private volatile FerryInputStream latest;

  ReadHandle(FerryClient client, PathStatus file) {
    this.client = client;
    this.file = file;
  }

  @Override
  public String path() {
    return file.path();
  }

  /**
   * Reads up to {@code size} bytes at {@code offset} into {@code dest}; 0 at
   * the end of the file. The bytes go straight into FUSE's native buffer
   * (viewed as a direct ByteBuffer): from a short-circuit block's mapping
   * that is one memory copy, with no heap buffer in between.
   */
  int read(Pointer dest, long offset, int size) throws IOException {
    if (offset >= file.length()) {
      return 0;
    }
    PositionedStream stream = acquire(offset);
    latest = stream.in;
    try {
      int n = Math.max(0, stream.in.read(offset, NATIVE.newDirectByteBuffer(dest.address(), size)));
      stream.next = offset + n;
      return n;
    } finally {
      release(stream);
    }
  }

  /** What a read of this file waits for, in words, for the slow request log. */
  String waitingFor() {
    FerryInputStream in = latest;
    String worker = in == null || in.readingFrom().isEmpty() ? "its workers" : "worker " + in.readingFrom();
    return worker + ", which reads what it does not cache from under storage " + file.ufsUri();
  }

  /**
   * An idle stream, preferably the one whose last read ended at {@code offset}
   * (a gRPC block stream goes on without reopening); a new one when all are busy.
   */
  private synchronized PositionedStream acquire(long offset) throws IOException {
    while (true) {
      if (closed) {
        throw new IOException("Read after release of " + file.path());
      }
      for (Iterator<PositionedStream> it = idle.iterator(); it.hasNext(); ) {
        PositionedStream s = it.next();
        if (s.next == offset) {
          it.remove();
          return s;
        }
      }
      if (!idle.isEmpty()) {
        return idle.pop();
      }
      if (opened < MAX_STREAMS) {
        PositionedStream s = new PositionedStream(client.openFile(file));
        opened++;
        return s;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted while waiting to read " + file.path());
      }
    }
  }

  private synchronized void release(PositionedStream stream) {
    if (closed) {
      stream.in.close();
    } else {
      idle.push(stream);
      notifyAll();
    }
  }

  /** Closes the idle streams now; a stream still reading is closed when its read returns. */
  @Override
  public synchronized void close() {
    closed = true;
    idle.forEach(s -> s.in.close());
    idle.clear();
    notifyAll();
  }

  private static final class PositionedStream {
    final FerryInputStream in;
    /** Where the last read ended. */
    long next = -1;

    PositionedStream(FerryInputStream in) {
      this.in = in;
    }
  }
}
