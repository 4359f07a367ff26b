package io.ferry.master.namespace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paths one operation locks: a read lock on every ancestor of each path
 * (so no one deletes or renames a directory the operation walks through),
 * and a read or a write lock on each path itself. An operation changes only
 * the paths it write-locks; anything else needs the exclusive pass.
 */
final class LockSet {
  /** The paths asked for (not their ancestors), to true (write) or false (read). */
  private final Map<String, Boolean> modes = new LinkedHashMap<>(4);

  private LockSet() {}

  /** Read locks on {@code path} and its ancestors: a lookup or a listing. */
  static LockSet reading(String path) {
    return new LockSet().add(path, false);
  }

  /** Write locks on each path, read locks on their ancestors. */
  static LockSet writing(String... paths) {
    LockSet set = new LockSet();
    for (String path : paths) {
      set.add(path, true);
    }
    return set;
  }

  LockSet alsoWriting(String path) {
    return add(path, true);
  }

  /** True if the operation holds the write lock of {@code path} (not merely of its stripe). */
  boolean writes(String path) {
    return modes.getOrDefault(path, false);
  }

  /** The paths asked for with their modes (true = write); their ancestors are read-locked too. */
  Map<String, Boolean> modes() {
    return modes;
  }

  private LockSet add(String path, boolean write) {
    modes.merge(path, write, Boolean::logicalOr);
    return this;
  }
}
