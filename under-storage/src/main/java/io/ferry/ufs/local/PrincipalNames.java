package io.ferry.ufs.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * User and group names by id, looked up once per id: the JDK asks the name
 * service (getpwuid, getgrgid) for every status it reads, which cost more than
 * the stat(2) itself when listing a directory of 100,000 files.
 */
final class PrincipalNames {
  /** Beyond this many ids the cache starts over (names may also change, rarely). */
  private static final int MAX_IDS = 10_000;

  private final Map<Integer, String> users = new ConcurrentHashMap<>();
  private final Map<Integer, String> groups = new ConcurrentHashMap<>();

  /** The name of user {@code uid}, the owner of {@code path}. */
  String user(int uid, Path path) throws IOException {
    return nameOf(users, uid, () -> attributes(path).owner().getName());
  }

  /** The name of group {@code gid}, the group of {@code path}. */
  String group(int gid, Path path) throws IOException {
    return nameOf(groups, gid, () -> attributes(path).group().getName());
  }

  /** Asks the name service for the name of an id seen on a file. */
  @FunctionalInterface
  private interface Lookup {
    String name() throws IOException;
  }

  private static String nameOf(Map<Integer, String> names, int id, Lookup lookup) throws IOException {
    String name = names.get(id);
    if (name == null) {
      name = lookup.name();
      if (names.size() >= MAX_IDS) {
        names.clear();
      }
      names.put(id, name);
    }
    return name;
  }

  private static PosixFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, PosixFileAttributes.class);
  }
}
