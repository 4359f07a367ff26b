package io.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies streams with a large buffer: Ferry reads are fastest in big pieces. */
final class Copying {
  static final int BUFFER_SIZE = 4 << 20;

  private Copying() {}

  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[BUFFER_SIZE];
    long total = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      out.write(buf, 0, n);
      total += n;
    }
    return total;
  }
}
