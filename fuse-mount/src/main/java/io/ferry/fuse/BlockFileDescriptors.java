package io.ferry.fuse;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The block files one open file's read replies splice from, each opened once
 * as a plain descriptor and closed when the file is released. libfuse sends a
 * reply after read_buf returned, so a descriptor must outlive the read that
 * named it; the kernel sends release only once every read of the file was
 * answered, which makes release the first safe moment to close them. A block
 * file the worker deletes meanwhile stays readable through its descriptor.
 */
final class BlockFileDescriptors {
  private final Map<Path, Integer> open = new HashMap<>();
  private boolean closed;

  /** The descriptor of {@code blockFile}, or -1 when it cannot be opened (evicted since): read it instead. */
  synchronized int of(Path blockFile) {
    if (closed) {
      return -1;
    }
    Integer fd = open.get(blockFile);
    if (fd == null) {
      fd = LibC.INSTANCE.open(blockFile.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
      if (fd < 0) {
        return -1;
      }
      open.put(blockFile, fd);
    }
    return fd;
  }

  synchronized void closeAll() {
    closed = true;
    open.values().forEach(LibC.INSTANCE::close);
    open.clear();
  }
}
