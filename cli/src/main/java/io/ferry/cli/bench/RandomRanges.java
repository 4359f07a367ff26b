package io.ferry.cli.bench;

import io.ferry.client.PathStatus;
import io.ferry.common.error.FerryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The ranges a random-read benchmark reads: a file, chosen by its length, and an offset within it. */
final class RandomRanges {
  /** {@code size} bytes of {@code file} from {@code offset}. */
  record Range(PathStatus file, long offset, int size) {}

  private RandomRanges() {}

  /**
   * {@code count} ranges of {@code size} bytes of the files at least that long,
   * spread uniformly over their bytes: a file twice as long is read twice as often.
   */
  static List<Range> of(List<PathStatus> files, int count, int size, long seed) throws FerryException {
    List<PathStatus> large = files.stream().filter(f -> f.length() >= size).toList();
    long total = large.stream().mapToLong(f -> f.length() - size + 1).sum();
    if (total == 0) {
      throw FerryException.invalidArgument("No file of at least " + size + " bytes to read ranges of");
    }
    Random random = new Random(seed);
    List<Range> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long at = Math.floorMod(random.nextLong(), total);
      for (PathStatus f : large) {
        long starts = f.length() - size + 1;
        if (at < starts) {
          out.add(new Range(f, at, size));
          break;
        }
        at -= starts;
      }
    }
    return out;
  }
}
