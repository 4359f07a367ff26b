package io.ferry.client.hadoop;

import io.ferry.client.PathStatus;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A Hadoop file status that keeps the Ferry status it was made from, so that
 * {@code openFile(path).withFileStatus(status)} opens the file with no
 * metadata RPC (as {@code FerryClient.openFile(PathStatus)} does).
 */
final class FerryFileStatus extends FileStatus {
  private static final long serialVersionUID = 1L;

  /** Null after deserialization: then the file is opened by path. */
  private final transient PathStatus info;

  FerryFileStatus(PathStatus f, Path qualifiedPath) {
    super(f.length(), f.isDirectory(), Math.max(1, f.replication()), f.blockSize(), f.mtimeMs(),
        f.mtimeMs(), new FsPermission((short) (f.mode() & 07777)), f.owner(), f.group(), qualifiedPath);
    this.info = f;
  }

  PathStatus info() {
    return info;
  }
}
