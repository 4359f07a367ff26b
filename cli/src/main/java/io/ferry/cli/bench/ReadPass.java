package io.ferry.cli.bench;

import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** One timed pass reading files whole, in the given order, each checked against its length. */
final class ReadPass {
  private ReadPass() {}

  @FunctionalInterface
  interface Opener {
    InputStream open(PathStatus file) throws IOException;
  }

  static PassStats run(String name, List<PathStatus> files, Opener opener, byte[] buffer) throws IOException {
    long[] fileNanos = new long[files.size()];
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      PathStatus f = files.get(i);
      long t0 = System.nanoTime();
      bytes += readFully(name, f, opener, buffer);
      fileNanos[i] = System.nanoTime() - t0;
    }
    return new PassStats(name, files.size(), bytes, System.nanoTime() - start, fileNanos);
  }

  /** Reads a file whole; its length, checked. */
  static long readFully(String name, PathStatus f, Opener opener, byte[] buffer) throws IOException {
    long n = 0;
    try (InputStream in = opener.open(f)) {
      for (int r; (r = in.read(buffer)) >= 0; ) {
        n += r;
      }
    }
    if (n != f.length()) {
      throw new FerryException(ErrorCode.DATA_LOST, "The " + name + " pass read " + n + " bytes of "
          + f.path() + ", expected " + f.length());
    }
    return n;
  }
}
