package io.ferry.worker;

import java.util.Random;

/** Reproducible test bytes. */
public final class TestData {
  private TestData() {}

  public static byte[] bytes(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }
}
