package io.ferry.client.hadoop;

import io.ferry.proto.FileInfo;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * A Hadoop file status that keeps the Ferry status it was made from, so that
 * {@code openFile(path).withFileStatus(status)} opens the file with no
 * metadata RPC (as {@code FerryClient.openFile(FileInfo)} does).
 */
final class FerryFileStatus extends FileStatus {
  private static final long serialVersionUID = 1L;

  /** Null after deserialization: then the file is opened by path. */
  private final transient FileInfo info;

  FerryFileStatus(FileInfo f, Path qualifiedPath) {
    super(f.getLength(), f.getIsDirectory(), Math.max(1, f.getReplication()), f.getBlockSize(), f.getMtimeMs(),
        f.getMtimeMs(), new FsPermission((short) (f.getMode() & 07777)), f.getOwner(), f.getGroup(), qualifiedPath);
    this.info = f;
  }

  FileInfo info() {
    return info;
  }
}
