package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.ListingIterator;
import io.ferry.client.PathStatus;
import io.ferry.common.error.FerryException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The files a benchmark reads. */
public final class BenchFiles {
  private BenchFiles() {}

  /** All complete files below path (or path itself if it is a file). */
  public static List<PathStatus> under(FerryClient client, String path) throws FerryException {
    List<PathStatus> files = new ArrayList<>();
    Deque<String> dirs = new ArrayDeque<>();
    dirs.add(path);
    while (!dirs.isEmpty()) {
      String dir = dirs.poll();
      try (ListingIterator it = client.listStatusIterator(dir, false)) {
        while (it.hasNext()) {
          PathStatus f = it.next();
          if (f.isDirectory()) {
            if (!f.path().equals(dir)) {
              dirs.add(f.path());
            }
          } else if (f.complete()) {
            files.add(f);
          }
        }
      }
    }
    return files;
  }
}
