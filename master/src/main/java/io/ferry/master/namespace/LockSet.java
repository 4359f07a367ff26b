package io.ferry.master.namespace;

import io.ferry.common.FerryPath;
import java.util.HashMap;
import java.util.Map;

/**
 * The paths one operation locks: a read lock on every ancestor of each path
 * (so no one deletes or renames a directory the operation walks through),
 * and a read or a write lock on each path itself. An operation changes only
 * the paths it write-locks; anything else needs the exclusive pass.
 */
final class LockSet {
  /** Path to true (write) or false (read); a path asked for both is written. */
  private final Map<String, Boolean> modes = new HashMap<>();

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

  /** Every locked path with its mode: true = write. */
  Map<String, Boolean> modes() {
    return modes;
  }

  private LockSet add(String path, boolean write) {
    modes.merge(path, write, Boolean::logicalOr);
    for (String p = FerryPath.parent(path); p != null; p = FerryPath.parent(p)) {
      modes.putIfAbsent(p, false);
    }
    return this;
  }
}
