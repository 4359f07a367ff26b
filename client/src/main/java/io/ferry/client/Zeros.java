package io.ferry.client;

import java.io.IOException;
import java.io.OutputStream;

/** Writes runs of zero bytes: a file grown by a truncate. */
public final class Zeros {
  private static final byte[] ZEROS = new byte[64 << 10];

  private Zeros() {}

  public static void write(OutputStream out, long count) throws IOException {
    for (long left = count; left > 0; ) {
      int n = (int) Math.min(ZEROS.length, left);
      out.write(ZEROS, 0, n);
      left -= n;
    }
  }
}
