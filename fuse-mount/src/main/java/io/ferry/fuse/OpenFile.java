package io.ferry.fuse;

import java.io.IOException;

/** What a FUSE file handle refers to: a file opened for reading or one being written. */
sealed interface OpenFile permits ReadHandle, WriteHandle {
  /** The Ferry path the handle was opened on. */
  String path();

  /** Ends the handle; a write handle completes its file (and says so when that fails). */
  void close() throws IOException;
}
