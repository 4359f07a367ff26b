package io.ferry.fuse;

import com.kenai.jffi.MemoryIO;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.proto.FileInfo;
import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * A file opened for reading. The Ferry stream is opened at the first read
 * that reaches the mount, so an open whose pages the kernel already caches
 * costs nothing; it is then kept for the handle's life, so sequential reads
 * stay on one block reader (short-circuit when the worker is local).
 */
final class ReadHandle implements OpenFile {
  private static final MemoryIO NATIVE = MemoryIO.getInstance();

  private final FerryClient client;
  private final FileInfo file;
  private FerryInputStream in;
  private boolean closed;

  ReadHandle(FerryClient client, FileInfo file) {
    this.client = client;
    this.file = file;
  }

  @Override
  public String path() {
    return file.getPath();
  }

  /**
   * Reads up to {@code size} bytes at {@code offset} into {@code dest}; 0 at
   * the end of the file. The bytes go straight into FUSE's native buffer
   * (viewed as a direct ByteBuffer): from a short-circuit block's mapping
   * that is one memory copy, with no heap buffer in between.
   */
  synchronized int read(Pointer dest, long offset, int size) throws IOException {
    if (closed) {
      throw new IOException("Read after release of " + file.getPath());
    }
    if (offset >= file.getLength()) {
      return 0;
    }
    if (in == null) {
      in = client.openFile(file);
    }
    int n = in.read(offset, NATIVE.newDirectByteBuffer(dest.address(), size));
    return Math.max(n, 0);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (in != null) {
      in.close();
    }
  }
}
