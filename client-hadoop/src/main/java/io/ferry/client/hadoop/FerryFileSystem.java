package io.ferry.client.hadoop;

import io.ferry.client.AttributeChanges;
import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.ListingIterator;
import io.ferry.client.PathStatus;
import io.ferry.common.FerryPath;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.HadoopIllegalArgumentException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.impl.OpenFileParameters;
import org.apache.hadoop.fs.impl.PathCapabilitiesSupport;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Ferry as a Hadoop {@link FileSystem}, scheme {@code ferry}:
 * {@code ferry://master-host:port/path}, or {@code ferry:///path} for the
 * configured master. Metadata calls go to the master, bytes to and from the
 * workers, through one {@link FerryClient} per file system instance.
 * An append writes a new version of the file that replaces it when closed
 * ({@link FerryClient#appendFile}); hflush and hsync complete the file so far
 * ({@link FerryFSOutputStream}).
 */
public class FerryFileSystem extends FileSystem {
  public static final String SCHEME = "ferry";

  private FerryClient client;
  private URI uri;
  private Path workingDir;

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    setConf(conf);
    this.client = FerryClient.create(ClientConfigurations.of(name, conf));
    this.uri = URI.create(SCHEME + "://" + (name.getAuthority() == null ? "" : name.getAuthority()) + "/");
    this.workingDir = makeQualified(new Path(FerryPath.ROOT));
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  protected int getDefaultPort() {
    return Integer.parseInt(PropertyKey.MASTER_RPC_PORT.defaultValue());
  }

  @Override
  public Path getWorkingDirectory() {
    return workingDir;
  }

  @Override
  public void setWorkingDirectory(Path dir) {
    workingDir = makeQualified(dir);
  }

  @Override
  public long getDefaultBlockSize(Path f) {
    return client.configuration().getBytes(PropertyKey.USER_BLOCK_SIZE);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String path = ferryPath(f);
    PathStatus file;
    try {
      file = client.getStatus(path, true);
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
    return open(file);
  }

  private FSDataInputStream open(PathStatus file) throws IOException {
    if (file.isDirectory()) {
      throw new FileNotFoundException("Cannot open " + file.path() + ": it is a directory");
    }
    return new FSDataInputStream(new FerryFSInputStream(client, client.openFile(readable(file)), statistics));
  }

  /**
   * {@code openFile(path).withFileStatus(status)} with a status this file
   * system listed opens the file from it: no metadata RPC per file, as for a
   * reader that lists a dataset once. The caller vouches that the status is
   * current. Anything else (no status, mandatory options) is Hadoop's default.
   */
  @Override
  protected CompletableFuture<FSDataInputStream> openFileWithOptions(Path path, OpenFileParameters parameters)
      throws IOException {
    if (parameters.getStatus() instanceof FerryFileStatus status && status.info() != null
        && parameters.getMandatoryKeys().isEmpty() && status.getPath().equals(makeQualified(path))) {
      return CompletableFuture.completedFuture(open(status.info()));
    }
    return super.openFileWithOptions(path, parameters);
  }

  /**
   * What a reader sees of a file: all of it once complete; nothing while it
   * is being written, since Ferry makes a file's bytes visible when its
   * writer closes it (there is no hflush), as a file whose writer has not
   * flushed anything yet reads in HDFS.
   */
  private static PathStatus readable(PathStatus file) {
    return file.complete() ? file : file.asCompleteEmpty();
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return create(f, permission, overwrite, blockSize, true);
  }

  @Override
  public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, EnumSet<CreateFlag> flags,
      int bufferSize, short replication, long blockSize, Progressable progress) throws IOException {
    return create(f, permission, flags.contains(CreateFlag.OVERWRITE), blockSize, false);
  }

  private FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, long blockSize,
      boolean recursive) throws IOException {
    String path = ferryPath(f);
    CreateOptions options = CreateOptions.DEFAULT.withOverwrite(overwrite).withRecursive(recursive)
        .withBlockSize(blockSize).withMode(mode(permission));
    try {
      return new FSDataOutputStream(new FerryFSOutputStream(client, path, client.createFile(path, options)),
          statistics);
    } catch (FerryException e) {
      if (e.code() == ErrorCode.IS_A_DIRECTORY) {
        throw (IOException) new FileAlreadyExistsException("Cannot create file " + path + ": it is a directory")
            .initCause(e);
      }
      throw HadoopExceptions.of(e, path);
    }
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    String path = ferryPath(f);
    try {
      FerryOutputStream out = client.appendFile(path);
      return new FSDataOutputStream(new FerryFSOutputStream(client, path, out), statistics, out.position());
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  /**
   * Hadoop's truncate: to a length no larger than the file's; done when it
   * returns (true), as a new version of the file ({@link FerryClient#truncate}).
   */
  @Override
  public boolean truncate(Path f, long newLength) throws IOException {
    String path = ferryPath(f);
    try {
      long length = client.getStatus(path).length();
      if (newLength > length) {
        throw new HadoopIllegalArgumentException("Cannot truncate " + path + " (" + length + " bytes) to a larger"
            + " length " + newLength);
      }
      client.truncate(path, newLength);
      return true;
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  /**
   * Hadoop's rename: onto an existing directory moves the source into it.
   * False, changing nothing, when the source is missing or the root, the
   * destination exists, or lies below the source.
   */
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    String from = ferryPath(src);
    String to = ferryPath(dst);
    PathStatus source = statusOrNull(from);
    if (source == null || from.equals(FerryPath.ROOT)) {
      return false;
    }
    if (from.equals(to)) {
      return !source.isDirectory();
    }
    PathStatus target = statusOrNull(to);
    if (target != null && target.isDirectory()) {
      to = FerryPath.join(to, FerryPath.name(from));
      target = statusOrNull(to);
    }
    if (target != null || FerryPath.isSameOrUnder(to, from)) {
      return false;
    }
    try {
      client.rename(from, to);
      return true;
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return false; // the destination's parent is missing: Hadoop does not create it
      }
      throw HadoopExceptions.of(e, from);
    }
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    String path = ferryPath(f);
    PathStatus status = statusOrNull(path);
    if (status == null) {
      return false;
    }
    if (path.equals(FerryPath.ROOT)) {
      return deleteRootChildren(recursive);
    }
    try {
      client.delete(path, recursive);
      return true;
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  /**
   * The root itself cannot go; deleting it empties it (recursive), or
   * refuses when it has children (not recursive), as HDFS does. Mount
   * points stay: they are unmounted, not deleted.
   */
  private boolean deleteRootChildren(boolean recursive) throws IOException {
    FileStatus[] children = listStatus(new Path(FerryPath.ROOT));
    if (children.length == 0) {
      return true;
    }
    if (!recursive) {
      throw new PathIsNotEmptyDirectoryException(FerryPath.ROOT);
    }
    boolean all = true;
    for (FileStatus child : children) {
      String path = ferryPath(child.getPath());
      if (statusOrNull(path).mountPoint()) {
        all = false;
        continue;
      }
      delete(child.getPath(), true);
    }
    return all;
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    RemoteIterator<FileStatus> it = listStatusIterator(f);
    while (it.hasNext()) {
      out.add(it.next());
    }
    return out.toArray(new FileStatus[0]);
  }

  /** The entries page by page as the caller consumes them; a missing path fails here, not on the first hasNext. */
  @Override
  public RemoteIterator<FileStatus> listStatusIterator(Path f) throws IOException {
    String path = ferryPath(f);
    try {
      ListingIterator listing = client.listStatusIterator(path, false);
      listing.hasNext();
      return new RemoteIterator<>() {
        @Override
        public boolean hasNext() throws IOException {
          try {
            return listing.hasNext();
          } catch (FerryException e) {
            throw HadoopExceptions.of(e, path);
          }
        }

        @Override
        public FileStatus next() throws IOException {
          if (!hasNext()) {
            throw new NoSuchElementException("No more entries in " + path);
          }
          return toStatus(listing.next());
        }
      };
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    String path = ferryPath(f);
    try {
      client.createDirectory(path, true, mode(permission));
      return true;
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    String path = ferryPath(f);
    PathStatus status = statusOrNull(path);
    if (status == null) {
      throw new FileNotFoundException("No such file or directory: " + path);
    }
    return toStatus(status);
  }

  @Override
  public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len) throws IOException {
    if (file == null) {
      return null;
    }
    if (start < 0 || len < 0) {
      throw new IllegalArgumentException("Invalid start or len parameter: " + start + ", " + len);
    }
    if (file.isDirectory() || start >= file.getLen()) {
      return new BlockLocation[0];
    }
    String path = ferryPath(file.getPath());
    try {
      return BlockHosts.of(client.getStatus(path, true), start, len, client::getWorkers);
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  /**
   * Sets Ferry's replication factor of a file (the number of workers that
   * cache its blocks); false for a directory, as HDFS answers.
   */
  @Override
  public boolean setReplication(Path f, short replication) throws IOException {
    String path = ferryPath(f);
    try {
      if (client.getStatus(path).isDirectory()) {
        return false;
      }
      client.setReplication(path, replication);
      return true;
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  @Override
  public void setPermission(Path f, FsPermission permission) throws IOException {
    setAttributes(f, AttributeChanges.NONE.withMode(permission.toShort() & 07777));
  }

  @Override
  public void setOwner(Path f, String username, String groupname) throws IOException {
    setAttributes(f, AttributeChanges.NONE.withOwner(username == null ? "" : username)
        .withGroup(groupname == null ? "" : groupname));
  }

  /** Ferry keeps one time per file: the modification time; an access time is ignored. */
  @Override
  public void setTimes(Path f, long mtime, long atime) throws IOException {
    if (mtime >= 0) {
      setAttributes(f, AttributeChanges.NONE.withMtimeMs(mtime));
    } else {
      getFileStatus(f);
    }
  }

  private void setAttributes(Path f, AttributeChanges changes) throws IOException {
    String path = ferryPath(f);
    try {
      client.setAttributes(path, changes);
    } catch (FerryException e) {
      throw HadoopExceptions.of(e, path);
    }
  }

  @Override
  public boolean hasPathCapability(Path path, String capability) throws IOException {
    return switch (PathCapabilitiesSupport.validatePathCapabilityArgs(makeQualified(path), capability)) {
      case CommonPathCapabilities.FS_PERMISSIONS, CommonPathCapabilities.FS_APPEND,
          CommonPathCapabilities.FS_TRUNCATE -> true;
      case CommonPathCapabilities.FS_CONCAT, CommonPathCapabilities.FS_SYMLINKS,
          CommonPathCapabilities.FS_ACLS, CommonPathCapabilities.FS_XATTRS, CommonPathCapabilities.FS_SNAPSHOTS,
          CommonPathCapabilities.FS_CHECKSUMS -> false;
      default -> super.hasPathCapability(path, capability);
    };
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  private FileStatus toStatus(PathStatus f) {
    return new FerryFileStatus(f, new Path(uri.getScheme(), uri.getAuthority(), f.path()));
  }

  /** The status, or null when nothing is at the path (also when a parent is a file, as Hadoop sees it). */
  private PathStatus statusOrNull(String path) throws IOException {
    try {
      return client.getStatus(path);
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.NOT_A_DIRECTORY) {
        return null;
      }
      throw HadoopExceptions.of(e, path);
    }
  }

  /** The Ferry path of a Hadoop path (relative ones against the working directory). */
  private String ferryPath(Path f) throws FerryException {
    checkPath(f);
    String path = makeQualified(f).toUri().getPath();
    return FerryPath.normalize(path == null || path.isEmpty() ? FerryPath.ROOT : path);
  }

  /** Permission bits with the configured umask applied; 0 lets the master choose. */
  private int mode(FsPermission permission) {
    return permission == null ? 0 : permission.applyUMask(FsPermission.getUMask(getConf())).toShort() & 07777;
  }
}
