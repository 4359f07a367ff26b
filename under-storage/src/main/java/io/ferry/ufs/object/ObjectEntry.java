package io.ferry.ufs.object;

/**
 * One entry of a delimited listing: an object ({@code info} set) or a common
 * prefix ending in '/' ({@code info} null), which stands for a directory.
 */
public record ObjectEntry(String key, ObjectInfo info) {
  public boolean isPrefix() {
    return info == null;
  }
}
