package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.common.FerryPath;
import io.ferry.common.error.FerryException;

/**
 * The files a metadata benchmark works on, laid out so any file's path is a
 * function of its number: file i is {@code <root>/d<i / dirSize>/f<i>}. The
 * loader and the benchmark agree on it, so a loaded namespace of millions
 * of files is read at random paths without listing it.
 */
public record BenchNamespace(String root, long files, int dirSize) {
  /** The layout under {@code root} (normalized); INVALID_ARGUMENT unless the counts are positive. */
  public static BenchNamespace of(String root, long files, int dirSize) throws FerryException {
    if (files < 1 || dirSize < 1) {
      throw FerryException.invalidArgument("The number of files (" + files + ") and the files per directory ("
          + dirSize + ") must be positive");
    }
    return new BenchNamespace(FerryPath.normalize(root), files, dirSize);
  }

  public long directories() {
    return (files + dirSize - 1) / dirSize;
  }

  public String dirPath(long d) {
    return FerryPath.join(root, "d" + d);
  }

  public String dir(long i) {
    return dirPath(i / dirSize);
  }

  public String name(long i) {
    return "f" + i;
  }

  public String path(long i) {
    return FerryPath.join(dir(i), name(i));
  }

  public String renamedPath(long i) {
    return FerryPath.join(dir(i), "r" + i);
  }

  /** Creates the root and every directory (mkdir -p, so existing ones are fine). */
  public void createDirectories(FerryClient client) throws FerryException {
    for (long d = 0; d < directories(); d++) {
      client.createDirectory(dirPath(d), true);
    }
  }
}
