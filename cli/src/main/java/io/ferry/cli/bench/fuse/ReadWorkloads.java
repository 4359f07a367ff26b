package io.ferry.cli.bench.fuse;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The two reads `ferry bench fuse` times, run the same way on every directory. */
final class ReadWorkloads {
  private ReadWorkloads() {}

  /** {@code dd if=FILE of=/dev/null bs=1M}: MB/s (10^6 bytes). */
  static double sequentialMbps(Path file, long length) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process dd = new ProcessBuilder("dd", "if=" + file, "of=/dev/null", "bs=1M")
        .redirectErrorStream(true).start();
    String output = new String(dd.getInputStream().readAllBytes());
    if (!dd.waitFor(10, TimeUnit.MINUTES) || dd.exitValue() != 0) {
      throw new IOException("dd of " + file + " failed: " + output.trim());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return length / 1e6 / seconds;
  }

  /**
   * Lists {@code dir}, then reads every file whole, in a random order (the
   * same for every directory), with {@code readers} threads: files/s.
   */
  static double smallFilesPerSecond(Path dir, int expected, int readers, long seed)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    List<String> names = new ArrayList<>(List.of(listNames(dir)));
    if (names.size() != expected) {
      throw new IOException(dir + " lists " + names.size() + " files, expected " + expected);
    }
    Collections.sort(names);
    Collections.shuffle(names, new Random(seed));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < readers; t++) {
        done.add(pool.submit(() -> {
          byte[] buf = new byte[128 * 1024];
          for (int i; (i = next.getAndIncrement()) < names.size(); ) {
            try (InputStream in = new FileInputStream(dir.resolve(names.get(i)).toFile())) {
              while (in.read(buf) > 0) {
                // read and drop
              }
            }
          }
          return null;
        }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("Reading the small files under " + dir + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return names.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static String[] listNames(Path dir) throws IOException {
    String[] names = dir.toFile().list();
    if (names == null) {
      throw new IOException("Cannot list " + dir);
    }
    return names;
  }
}
