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
  private final BlockFileDescriptors descriptors = new BlockFileDescriptors();
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
   * Answers a read of up to {@code size} bytes at {@code offset}: stores at
   * {@code bufp} a reply vector (see {@link ReplyVector}); empty at the end of
   * the file. Bytes in block files on this host go into the reply as spans of
   * those files, for the kernel to move without a copy through this process;
   * the rest (streamed from a worker) is read into the reply's memory.
   */
  void read(long bufp, long offset, int size) throws IOException {
    ReplyVector reply = new ReplyVector();
    try {
      if (offset < file.length()) {
        fill(reply, offset, (int) Math.min(size, file.length() - offset));
      }
      reply.publish(bufp);
    } catch (IOException | RuntimeException e) {
      reply.discard();
      throw e;
    }
  }

  private void fill(ReplyVector reply, long offset, int want) throws IOException {
    PositionedStream stream = acquire(offset);
    latest = stream.in;
    try {
      int done = 0;
      for (int n = 1; done < want && n > 0; done += n) {
        n = stream.in.handOverLocal(offset + done, want - done, (blockFile, position, length) -> {
          int fd = descriptors.of(blockFile);
          if (fd >= 0) {
            reply.addFileSpan(fd, position, length);
          }
          return fd >= 0;
        });
      }
      if (done < want) {
        long memory = reply.allocateMemory(want - done);
        int n = Math.max(0, stream.in.read(offset + done, NATIVE.newDirectByteBuffer(memory, want - done)));
        reply.memoryFilled(n);
        done += n;
      }
      stream.next = offset + done;
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
    descriptors.closeAll();
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
