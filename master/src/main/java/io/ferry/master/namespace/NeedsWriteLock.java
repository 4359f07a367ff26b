package io.ferry.master.namespace;

/**
 * Thrown by a read-only pass over the namespace that found it must load or
 * re-sync metadata; the operation is then re-run under the write lock.
 */
final class NeedsWriteLock extends RuntimeException {
  static final NeedsWriteLock INSTANCE = new NeedsWriteLock();

  private NeedsWriteLock() {
    super(null, null, false, false);
  }

  static void unless(boolean write) {
    if (!write) {
      throw INSTANCE;
    }
  }
}
