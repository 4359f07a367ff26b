package io.ferry.fuse;

import jnr.ffi.LibraryLoader;
import jnr.ffi.types.size_t;

/**
 * The libc calls a read reply made of file descriptors needs: memory libfuse
 * frees with free(3) must come from malloc(3), and the block files it splices
 * from are opened as plain descriptors, owned by the mount rather than by a
 * JDK channel that may close them while a reply is still being sent.
 */
public interface LibC {
  LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000; // Linux

  /** The address of {@code size} new bytes, 0 when there is no memory. */
  long malloc(@size_t long size);

  void free(long address);

  int open(String path, int flags);

  int close(int fd);
}
