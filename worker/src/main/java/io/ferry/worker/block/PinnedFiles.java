package io.ferry.worker.block;

import java.util.Set;

/**
 * The files whose blocks the worker keeps (`ferry fs pin`), as the master
 * sent them in a heartbeat answer.
 *
 * @param version the master's version of them; 0 before the first answer
 */
record PinnedFiles(long version, Set<Long> fileIds) {
  static final PinnedFiles NONE = new PinnedFiles(0, Set.of());

  PinnedFiles {
    fileIds = Set.copyOf(fileIds);
  }
}
