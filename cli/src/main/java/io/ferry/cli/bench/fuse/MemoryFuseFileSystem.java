package io.ferry.cli.bench.fuse;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import jnr.ffi.Pointer;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The FUSE ceiling of `ferry bench fuse`: a trivial read-only file system of
 * byte arrays in the heap, on the same jnr-fuse and mount options as Ferry's
 * mount. Whatever it cannot beat is the cost of FUSE itself on this machine.
 */
final class MemoryFuseFileSystem extends FuseStubFS {
  private final Map<String, byte[]> files = new TreeMap<>();
  private final Set<String> dirs = new TreeSet<>(Set.of("/"));

  /** Adds a file at an absolute path (its parent directories too). */
  void add(String path, byte[] bytes) {
    files.put(path, bytes);
    for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      dirs.add(path.substring(0, i));
    }
  }

  @Override
  public int getattr(String path, FileStat stat) {
    byte[] bytes = files.get(path);
    if (bytes != null) {
      stat.st_mode.set(FileStat.S_IFREG | 0444);
      stat.st_nlink.set(1);
      stat.st_size.set(bytes.length);
      return 0;
    }
    if (dirs.contains(path)) {
      stat.st_mode.set(FileStat.S_IFDIR | 0555);
      stat.st_nlink.set(2);
      return 0;
    }
    return -ErrorCodes.ENOENT();
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
    if (!dirs.contains(path)) {
      return -ErrorCodes.ENOENT();
    }
    filler.apply(buf, ".", null, 0);
    filler.apply(buf, "..", null, 0);
    String prefix = path.equals("/") ? "/" : path + "/";
    for (String name : children(prefix)) {
      filler.apply(buf, name, null, 0);
    }
    return 0;
  }

  private Set<String> children(String prefix) {
    Set<String> out = new TreeSet<>();
    for (Set<String> paths : java.util.List.of(files.keySet(), dirs)) {
      for (String p : paths) {
        if (p.startsWith(prefix) && p.length() > prefix.length() && p.indexOf('/', prefix.length()) < 0) {
          out.add(p.substring(prefix.length()));
        }
      }
    }
    return out;
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    return files.containsKey(path) ? 0 : -ErrorCodes.ENOENT();
  }

  @Override
  public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      return -ErrorCodes.ENOENT();
    }
    int n = (int) Math.max(0, Math.min(size, bytes.length - offset));
    buf.put(0, bytes, (int) offset, n);
    return n;
  }
}
