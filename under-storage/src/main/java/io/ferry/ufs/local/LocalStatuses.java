package io.ferry.ufs.local;

import io.ferry.ufs.UfsStatus;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a local file's status in one stat(2), following symbolic links.
 *
 * <p>The fingerprint is {@code length:mtimeNanos:inode}. The nanosecond mtime
 * catches in-place rewrites of the same length; the inode catches files
 * replaced by rename (as {@link LocalOutputStream} does) within one tick of
 * the kernel's coarse file-time clock, where the mtime alone can repeat.
 */
final class LocalStatuses {
  // The "unix" view (Linux, macOS) is the one that has the inode and the full mode.
  private static final String ATTRIBUTES = "unix:isDirectory,size,lastModifiedTime,ino,uid,gid,mode";
  private static final PrincipalNames NAMES = new PrincipalNames();
  private static final int PERMISSION_BITS = 07777;

  private LocalStatuses() {}

  /** The status of {@code path} under {@code name}, or empty if nothing is there (also when a parent is a file). */
  static Optional<UfsStatus> read(Path path, String name) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(path, ATTRIBUTES);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (LocalErrors.hasFileAncestor(path)) {
        return Optional.empty();
      }
      throw e;
    }
    boolean directory = (Boolean) a.get("isDirectory");
    long length = directory ? 0 : (Long) a.get("size");
    FileTime mtime = (FileTime) a.get("lastModifiedTime");
    String fingerprint = length + ":" + mtime.to(TimeUnit.NANOSECONDS) + ":" + a.get("ino");
    return Optional.of(new UfsStatus(
        name,
        directory,
        length,
        mtime.toMillis(),
        fingerprint,
        NAMES.user((Integer) a.get("uid"), path),
        NAMES.group((Integer) a.get("gid"), path),
        (Integer) a.get("mode") & PERMISSION_BITS));
  }

  /** The name a status reports for a path: its last component, "" for the file system root. */
  static String nameOf(Path path) {
    Path name = path.getFileName();
    return name == null ? "" : name.toString();
  }
}
