package io.ferry.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Writes many files into an under storage at once (directly, behind Ferry's back). */
final class S3Datasets {
  private static final int WRITERS = 8;

  private S3Datasets() {}

  /**
   * {@code count} files {@code prefix/f-00000} … of {@code size} random bytes
   * each; kept when an earlier run against the same server wrote them all.
   */
  static void write(Ufs ufs, String prefix, int count, int size) throws Exception {
    if (ufs.exists(name(prefix, count - 1))) {
      return; // written last
    }
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count - 1; i++) {
        String uri = name(prefix, i);
        byte[] data = TestFiles.randomBytes(size, i);
        writes.add(pool.submit(() -> {
          ufs.write(uri, data);
          return null;
        }));
      }
      for (Future<?> w : writes) {
        w.get();
      }
      ufs.write(name(prefix, count - 1), TestFiles.randomBytes(size, count - 1));
    } finally {
      pool.shutdownNow();
    }
  }

  private static String name(String prefix, int i) {
    return String.format("%s/f-%05d", prefix, i);
  }
}
