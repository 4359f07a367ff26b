package io.ferry.ufs.hdfs;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
public final class HdfsUnderFileSystem implements UnderFileSystem {
  private final FileSystem fs;
  private final String rootUri;
  private final Path root;
  private final HdfsErrors errors;

  HdfsUnderFileSystem(FileSystem fs, String rootUri, HdfsErrors errors) {
    this.fs = fs;
    this.rootUri = rootUri;
    this.root = new Path(rootUri);
    this.errors = errors;
  }

  @Override
  public Optional<UfsStatus> getStatus(String uri) throws IOException {
    Path path = resolve(uri);
    try {
      return stat(path);
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
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
  public UfsListing list(String dirUri, String pageToken, int pageSize) throws IOException {
    if (pageSize <= 0) {
      throw FerryException.invalidArgument("Listing page size must be positive, got " + pageSize + " for " + dirUri);
    }
    Path dir = resolve(dirUri);
    try {
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
    } catch (FileNotFoundException e) {
      throw FerryException.notFound(dirUri);
    } catch (IOException e) {
      throw errors.translate(e, dirUri);
    }
  }

  @Override
  public InputStream open(String uri, long offset, long length) throws IOException {
    if (offset < 0 || length < -1) {
      throw FerryException.invalidArgument("Invalid range (offset " + offset + ", length " + length + ") for " + uri);
    }
    Path path = resolve(uri);
    try {
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
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
  }

  @Override
  public UfsOutputStream create(String uri, boolean overwrite) throws IOException {
    Path path = resolve(uri);
    try {
      Optional<UfsStatus> existing = stat(path);
      if (existing.isPresent() && existing.get().directory()) {
        throw FerryException.isADirectory(uri);
      }
      if (existing.isPresent() && !overwrite) {
        throw FerryException.alreadyExists(uri);
      }
      makeParent(path, uri);
      return new HdfsOutputStream(fs, path, uri, overwrite, errors,
          () -> stat(path).orElseThrow(() -> FerryException.notFound(uri)));
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
  }

  @Override
  public int deleteTemporaries(String uri) throws IOException {
    Path path = resolve(uri);
    String prefix = HdfsOutputStream.tempPrefix(path.getName());
    int deleted = 0;
    try {
      for (FileStatus temp : fs.listStatus(path.getParent(), p -> p.getName().startsWith(prefix))) {
        deleted += fs.delete(temp.getPath(), false) ? 1 : 0;
      }
    } catch (java.io.FileNotFoundException e) {
      return 0; // no directory: nothing left behind
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
    return deleted;
  }

  @Override
  public boolean deleteFile(String uri) throws IOException {
    Path path = resolve(uri);
    try {
      Optional<UfsStatus> status = stat(path);
      if (status.isEmpty()) {
        return false;
      }
      if (status.get().directory()) {
        throw FerryException.isADirectory(uri);
      }
      return fs.delete(path, false);
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
  }

  @Override
  public boolean deleteDirectory(String uri, boolean recursive) throws IOException {
    Path path = resolve(uri);
    try {
      Optional<UfsStatus> status = stat(path);
      if (status.isEmpty()) {
        return false;
      }
      if (!status.get().directory()) {
        throw FerryException.notADirectory(uri);
      }
      if (!recursive && fs.listStatusIterator(path).hasNext()) {
        throw new FerryException(ErrorCode.DIRECTORY_NOT_EMPTY, "Directory not empty: " + uri);
      }
      return fs.delete(path, recursive);
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
  }

  @Override
  public void rename(String srcUri, String dstUri) throws IOException {
    Path src = resolve(srcUri);
    Path dst = resolve(dstUri);
    try {
      if (stat(src).isEmpty()) {
        throw FerryException.notFound(srcUri);
      }
      String srcPath = src.toUri().getPath();
      String dstPath = dst.toUri().getPath();
      if (dstPath.equals(srcPath) || dstPath.startsWith(srcPath + "/")) {
        throw FerryException.invalidArgument("Cannot rename " + srcUri + " to itself or below itself: " + dstUri);
      }
      if (stat(dst).isPresent()) {
        throw FerryException.alreadyExists(dstUri);
      }
      makeParent(dst, dstUri);
      if (!fs.rename(src, dst)) {
        throw new FerryException(ErrorCode.UFS_ERROR, "HDFS refused to rename " + srcUri + " to " + dstUri);
      }
    } catch (IOException e) {
      throw errors.translate(e, srcUri + " -> " + dstUri);
    }
  }

  @Override
  public void mkdirs(String uri) throws IOException {
    Path path = resolve(uri);
    try {
      Optional<UfsStatus> status = stat(path);
      if (status.isPresent()) {
        if (!status.get().directory()) {
          throw FerryException.alreadyExists(uri);
        }
        return;
      }
      mkdirs(path, uri);
    } catch (IOException e) {
      throw errors.translate(e, uri);
    }
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }

  @Override
  public String toString() {
    return "HdfsUnderFileSystem(" + rootUri + ")";
  }

  private void makeParent(Path path, String uri) throws IOException {
    if (path.getParent() != null) {
      mkdirs(path.getParent(), uri);
    }
  }

  /** mkdirs that reports a file in the way as NOT_A_DIRECTORY naming {@code uri}. */
  private void mkdirs(Path dir, String uri) throws IOException {
    try {
      if (!fs.mkdirs(dir)) {
        throw new FerryException(ErrorCode.UFS_ERROR, "HDFS could not create the directory for " + uri);
      }
    } catch (ParentNotDirectoryException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new FerryException(ErrorCode.NOT_A_DIRECTORY, "Not a directory (a parent is a file): " + uri, e);
    }
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

  private Path resolve(String uri) throws FerryException {
    Path path;
    try {
      path = new Path(uri);
    } catch (IllegalArgumentException e) {
      throw FerryException.invalidArgument("Invalid HDFS URI '" + uri + "': " + e.getMessage());
    }
    String rootPath = root.toUri().getPath();
    String p = path.toUri().getPath();
    boolean sameCluster = java.util.Objects.equals(path.toUri().getAuthority(), root.toUri().getAuthority());
    if (!sameCluster || !(p.equals(rootPath) || rootPath.equals("/") || p.startsWith(rootPath + "/"))) {
      throw FerryException.invalidArgument("'" + uri + "' is outside the under storage root '" + rootUri + "'");
    }
    return path;
  }

  private static UfsStatus toStatus(FileStatus s) {
    long length = s.isDirectory() ? 0 : s.getLen();
    String fileId = s instanceof HdfsFileStatus h ? ":" + h.getFileId() : "";
    return new UfsStatus(s.getPath().getName(), s.isDirectory(), length, s.getModificationTime(),
        length + ":" + s.getModificationTime() + fileId, s.getOwner(), s.getGroup(), s.getPermission().toShort());
  }
}
