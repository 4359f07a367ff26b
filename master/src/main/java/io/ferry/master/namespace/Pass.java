package io.ferry.master.namespace;

/**
 * How much an operation's current run may do. A run that finds it needs
 * more throws {@link PassTooWeak} and the operation runs again, from the
 * start, in the stronger pass.
 */
enum Pass {
  /** On a gRPC transport thread: answers from the metastore only, never calls the UFS. */
  INLINE,
  /** Under path locks: may read the UFS and change the paths it write-locked, nothing else. */
  LOCKED,
  /** With the namespace to itself: may load and re-sync anything from the UFS. */
  EXCLUSIVE;

  void require(Pass needed) {
    if (compareTo(needed) < 0) {
      throw PassTooWeak.INSTANCE;
    }
  }
}
