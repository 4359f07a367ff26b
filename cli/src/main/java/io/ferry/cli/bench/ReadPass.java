package io.ferry.cli.bench;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.FileInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** One timed pass reading files whole, in the given order, each checked against its length. */
final class ReadPass {
  private ReadPass() {}

  @FunctionalInterface
  interface Opener {
    InputStream open(FileInfo file) throws IOException;
  }

  static PassStats run(String name, List<FileInfo> files, Opener opener, byte[] buffer) throws IOException {
    long[] fileNanos = new long[files.size()];
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      FileInfo f = files.get(i);
      long t0 = System.nanoTime();
      bytes += readFully(name, f, opener, buffer);
      fileNanos[i] = System.nanoTime() - t0;
    }
    return new PassStats(name, files.size(), bytes, System.nanoTime() - start, fileNanos);
  }

  /** Reads a file whole; its length, checked. */
  static long readFully(String name, FileInfo f, Opener opener, byte[] buffer) throws IOException {
    long n = 0;
    try (InputStream in = opener.open(f)) {
      for (int r; (r = in.read(buffer)) >= 0; ) {
        n += r;
      }
    }
    if (n != f.getLength()) {
      throw new FerryException(ErrorCode.DATA_LOST, "The " + name + " pass read " + n + " bytes of "
          + f.getPath() + ", expected " + f.getLength());
    }
    return n;
  }
}
