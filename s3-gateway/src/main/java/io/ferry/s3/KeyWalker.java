package io.ferry.s3;

import io.ferry.client.PathStatus;
import io.ferry.common.error.FerryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a bucket that start with a prefix, sorted, from the Ferry
 * directory tree: with '/' as delimiter one directory listing (a
 * subdirectory appears as "name/"), otherwise a walk of every file below
 * the deepest directory the prefix names. An empty directory listed or
 * walked is the key "name/" (as the folder markers S3 clients create).
 */
public final class KeyWalker {
  /** A key with its file (a directory for keys ending in '/'). */
  public record Entry(String key, PathStatus status) {}

  private final S3Namespace namespace;

  public KeyWalker(S3Namespace namespace) {
    this.namespace = namespace;
  }

  public List<Entry> keys(String bucket, String prefix, boolean slashDelimited) throws FerryException {
    String dirKey = prefix.substring(0, prefix.lastIndexOf('/') + 1);
    List<Entry> entries = new ArrayList<>();
    collect(bucket, dirKey, prefix, !slashDelimited, entries);
    entries.sort(Comparator.comparing(Entry::key));
    return entries;
  }

  /** Adds the entries of directory {@code dirKey} ("" or ending in '/') that start with {@code prefix}. */
  private void collect(String bucket, String dirKey, String prefix, boolean recursive, List<Entry> entries)
      throws FerryException {
    Optional<PathStatus> dir = namespace.statusOf("/" + bucket + "/" + stripSlash(dirKey));
    if (dir.isEmpty() || !dir.get().isDirectory()) {
      return;
    }
    List<PathStatus> children = namespace.children(dir.get().path());
    if (children.isEmpty() && !dirKey.isEmpty() && dirKey.startsWith(prefix)) {
      entries.add(new Entry(dirKey, dir.get()));
    }
    for (PathStatus child : children) {
      String key = dirKey + child.name() + (child.isDirectory() ? "/" : "");
      if (child.isDirectory() && recursive) {
        if (key.startsWith(prefix) || prefix.startsWith(key)) {
          collect(bucket, key, prefix, true, entries);
        }
      } else if (key.startsWith(prefix)) {
        entries.add(new Entry(key, child));
      }
    }
  }

  private static String stripSlash(String dirKey) {
    return dirKey.isEmpty() ? "" : dirKey.substring(0, dirKey.length() - 1);
  }
}
