package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.ListingIterator;
import io.ferry.common.error.FerryException;
import io.ferry.proto.FileInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The files a benchmark reads. */
public final class BenchFiles {
  private BenchFiles() {}

  /** All complete files below path (or path itself if it is a file). */
  public static List<FileInfo> under(FerryClient client, String path) throws FerryException {
    List<FileInfo> files = new ArrayList<>();
    Deque<String> dirs = new ArrayDeque<>();
    dirs.add(path);
    while (!dirs.isEmpty()) {
      String dir = dirs.poll();
      try (ListingIterator it = client.listStatusIterator(dir, false)) {
        while (it.hasNext()) {
          FileInfo f = it.next();
          if (f.getIsDirectory()) {
            if (!f.getPath().equals(dir)) {
              dirs.add(f.getPath());
            }
          } else if (f.getComplete()) {
            files.add(f);
          }
        }
      }
    }
    return files;
  }
}
