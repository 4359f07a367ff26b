package io.ferry.ufs.hdfs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.HierarchicalUnderFileSystem;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.protocol.HdfsFileStatus;

/**
 * An under storage over HDFS (or any Hadoop FileSystem) through the Hadoop
 * client. Creates write a temp file and rename it into place; renames are
 * the NameNode's, so atomic. Fingerprint: length, mtime and (on HDFS) the
 * file id, which a rewrite always changes.
 */
public final class HdfsUnderFileSystem extends HierarchicalUnderFileSystem<Path> {
  private final FileSystem fs;
  private final HdfsErrors errors;

  HdfsUnderFileSystem(FileSystem fs, String rootUri, HdfsErrors errors) throws FerryException {
    super(rootUri);
    this.fs = fs;
    this.errors = errors;
  }

  @Override
  protected Path toPath(String uri) throws FerryException {
    try {
      return new Path(uri);
    } catch (IllegalArgumentException e) {
      throw FerryException.invalidArgument("Invalid HDFS URI '" + uri + "': " + e.getMessage());
    }
  }

  @Override
  protected boolean isAtOrBelow(Path path, Path ancestor) {
    String a = ancestor.toUri().getPath();
    String p = path.toUri().getPath();
    return Objects.equals(path.toUri().getAuthority(), ancestor.toUri().getAuthority())
        && (p.equals(a) || a.equals("/") || p.startsWith(a + "/"));
  }

  /** HDFS has no links to follow. */
  @Override
  protected Kind kind(Path path, boolean followLinks) throws IOException {
    return stat(path).map(s -> s.directory() ? Kind.DIRECTORY : Kind.FILE).orElse(Kind.NONE);
  }

  @Override
  protected FerryException translate(IOException e, Path path, String uri) {
    return errors.translate(e, uri);
  }

  @Override
  protected Optional<UfsStatus> status(Path path) throws IOException {
    return stat(path);
  }

  /** Empty if nothing is there, also when a parent is a file. */
  private Optional<UfsStatus> stat(Path path) throws IOException {
    try {
      return Optional.of(toStatus(fs.getFileStatus(path)));
    } catch (FileNotFoundException | ParentNotDirectoryException e) {
      return Optional.empty();
    }
  }

  @Override
  protected UfsListing listPage(Path dir, String dirUri, String pageToken, int pageSize) throws IOException {
    UfsStatus status = stat(dir).orElseThrow(() -> missing(dir, dirUri));
    if (!status.directory()) {
      throw FerryException.notADirectory(dirUri);
    }
    // The NameNode lists in name order; one listStatus is fine for directories of up to millions of entries.
    List<FileStatus> children = Arrays.stream(fs.listStatus(dir))
        .filter(c -> !HdfsOutputStream.isTempName(c.getPath().getName()))
        .filter(c -> pageToken == null || c.getPath().getName().compareTo(pageToken) > 0)
        .sorted(Comparator.comparing(c -> c.getPath().getName()))
        .limit(pageSize + 1L)
        .toList();
    boolean more = children.size() > pageSize;
    List<UfsStatus> entries = new ArrayList<>();
    for (FileStatus c : more ? children.subList(0, pageSize) : children) {
      entries.add(toStatus(c));
    }
    return new UfsListing(entries, more ? entries.get(entries.size() - 1).name() : null);
  }

  @Override
  protected InputStream openRange(Path path, String uri, long offset, long length) throws IOException {
    UfsStatus status = stat(path).orElseThrow(() -> FerryException.notFound(uri));
    if (status.directory()) {
      throw FerryException.isADirectory(uri);
    }
    long available = status.length() - offset;
    if (available <= 0 || length == 0) {
      return InputStream.nullInputStream();
    }
    FSDataInputStream in = fs.open(path);
    try {
      in.seek(offset);
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new BoundedInputStream(in, length < 0 ? available : Math.min(length, available));
  }

  @Override
  protected UfsOutputStream newFile(Path path, String uri, boolean overwrite) throws IOException {
    return new HdfsOutputStream(fs, path, uri, overwrite, errors,
        () -> stat(path).orElseThrow(() -> FerryException.notFound(uri)));
  }

  @Override
  protected boolean deleteExistingFile(Path path) throws IOException {
    return fs.delete(path, false);
  }

  @Override
  protected boolean deleteExistingDirectory(Path path, String uri, boolean recursive) throws IOException {
    if (!recursive && fs.listStatusIterator(path).hasNext()) {
      throw directoryNotEmpty(uri, null);
    }
    return fs.delete(path, recursive);
  }

  @Override
  protected void move(Path src, Path dst, String srcUri, String dstUri) throws IOException {
    if (!fs.rename(src, dst)) {
      throw new FerryException(ErrorCode.UFS_ERROR, "HDFS refused to rename " + srcUri + " to " + dstUri);
    }
  }

  @Override
  protected void makeDirectories(Path dir, String uri) throws IOException {
    try {
      if (!fs.mkdirs(dir)) {
        throw new FerryException(ErrorCode.UFS_ERROR, "HDFS could not create the directory for " + uri);
      }
    } catch (ParentNotDirectoryException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw parentIsAFile(uri, e);
    }
  }

  @Override
  protected Path parent(Path path) {
    return path.getParent();
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }

  /** Why a path to list is not there: a file above it, or nothing at all. */
  private FerryException missing(Path path, String uri) {
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      try {
        if (fs.getFileStatus(p).isFile()) {
          return FerryException.notADirectory(uri);
        }
        break;
      } catch (IOException e) {
        // keep climbing
      }
    }
    return FerryException.notFound(uri);
  }

  private static UfsStatus toStatus(FileStatus s) {
    long length = s.isDirectory() ? 0 : s.getLen();
    String fileId = s instanceof HdfsFileStatus h ? ":" + h.getFileId() : "";
    return new UfsStatus(s.getPath().getName(), s.isDirectory(), length, s.getModificationTime(),
        length + ":" + s.getModificationTime() + fileId, s.getOwner(), s.getGroup(), s.getPermission().toShort());
  }
}
