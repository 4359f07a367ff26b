package io.ferry.fuse;

import io.ferry.client.AttributeChanges;
import io.ferry.client.ClusterStatus;
import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.PathStatus;
import io.ferry.common.FerryPath;
import io.ferry.common.grpc.MasterAddresses;
import io.ferry.common.metrics.InFlightRequests;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.ActingUser;
import io.ferry.common.security.AuthenticationType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * A Ferry namespace (or a subtree of it) as a FUSE file system. Reads are
 * positioned reads on one Ferry stream per open handle; writes create a new
 * file and must be sequential; what Ferry cannot do (random writes, links,
 * xattrs) fails at once with ENOTSUP. See README.md, "POSIX". (ENOTSUP is
 * EOPNOTSUPP on Linux; jnr-fuse's ENOTSUP() has the macOS number.)
 */
public final class FerryFuseFileSystem extends FuseStubFS {
  private static final Logger LOG = LoggerFactory.getLogger(FerryFuseFileSystem.class);
  private static final int O_ACCMODE = 3;
  private static final int O_RDONLY = 0;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;
  /** utimensat's special tv_nsec values. */
  private static final long UTIME_NOW = (1L << 30) - 1;
  private static final long UTIME_OMIT = (1L << 30) - 2;
  private static final int BLOCK_SIZE = 4096;
  private static final long STATFS_REFRESH_MS = 5_000;

  private final FerryClient client;
  private final String root;
  private final MetadataCache cache;
  private final Owners owners;
  /** The local users calling the mount, each served as itself; null with authentication NONE (all as the mount). */
  private final CallingUsers callers;
  private final FuseSettings settings;
  private final FuseMetrics metrics;
  /** The master's address(es), for the slow request log. */
  private final String masters;
  private final Map<Long, OpenFile> handles = new ConcurrentHashMap<>();
  /** Files this mount is writing, by Ferry path: their size is what was written so far. */
  private final Map<String, WriteHandle> writers = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(1);
  private final WriteHandle.Completion completion = new Completions();
  private volatile ClusterStatus report;
  private volatile long reportTimeMs;

  /**
   * @param root the Ferry directory shown at the mount point
   * @param metrics where each operation is counted and timed
   */
  public FerryFuseFileSystem(FerryClient client, String root, FuseSettings settings, FuseMetrics metrics)
      throws FerryException {
    this.metrics = metrics;
    this.masters = String.join(", ", MasterAddresses.of(client.configuration()));
    this.client = client;
    this.root = FerryPath.normalize(root);
    this.cache = new MetadataCache(client, settings.metadataCacheTtl());
    this.owners = Owners.ofThisHost();
    this.callers = AuthenticationType.of(client.configuration()) == AuthenticationType.NONE
        ? null : CallingUsers.ofOs();
    this.settings = settings;
  }

  @Override
  protected String getFSName() {
    return "ferry";
  }

  @Override
  public int getattr(String path, FileStat stat) {
    return run("getattr", path, () -> {
      String p = resolve(path);
      WriteHandle writer = writers.get(p);
      fill(stat, writer != null ? writer.status() : cache.status(p));
      return 0;
    });
  }

  @Override
  public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
    return run("readdir", path, () -> {
      String p = resolve(path);
      if (!cache.status(p).isDirectory()) {
        return -ErrorCodes.ENOTDIR();
      }
      filler.apply(buf, ".", null, 0);
      filler.apply(buf, "..", null, 0);
      for (PathStatus child : cache.list(p)) {
        if (filler.apply(buf, child.name(), null, 0) != 0) {
          return -ErrorCodes.ENOMEM();
        }
      }
      return 0;
    });
  }

  @Override
  public int open(String path, FuseFileInfo fi) {
    return run("open", path, () -> {
      String p = resolve(path);
      int flags = fi.flags.get();
      if (!awaitWriter(p)) {
        return -ErrorCodes.EBUSY();
      }
      PathStatus file = cache.status(p);
      if ((flags & O_ACCMODE) == O_RDONLY) {
        if (!file.isDirectory() && !file.complete()) {
          return -ErrorCodes.EBUSY(); // still being written: Ferry shows files once complete
        }
        return register(fi, new ReadHandle(client, file));
      }
      if (file.isDirectory()) {
        return -ErrorCodes.EISDIR();
      }
      WriteHandle writer = new WriteHandle(file, actingUser(), (flags & O_APPEND) != 0, rewriting(p, file),
          completion);
      if ((flags & O_TRUNC) != 0) {
        writer.start();
      }
      return register(fi, writer);
    });
  }

  @Override
  public int create(String path, @mode_t long mode, FuseFileInfo fi) {
    return run("create", path, () -> {
      String p = resolve(path);
      int bits = (int) (mode & 07777);
      PathStatus created = notCreatedYet(p, bits);
      WriteHandle.Starter again = rewriting(p, created); // after an fsync completed it
      AtomicBoolean started = new AtomicBoolean();
      WriteHandle writer = new WriteHandle(created, actingUser(), false, (handle, keep) ->
          started.getAndSet(true) ? again.start(handle, keep) : createOver(p, bits, false, handle), completion);
      writer.start();
      return register(fi, writer);
    });
  }

  /** What getattr shows of a file whose create has not reached the master yet: an empty file. */
  private static PathStatus notCreatedYet(String path, int mode) {
    return new PathStatus(0, path, "", false, 0, 0, 0, "", "", mode, "", 0, "", false, false, 0, false, 0,
        Optional.empty(), false, List.of(), "");
  }

  /** Creates the Ferry file of a write handle, which from then on answers getattr for it. */
  private FerryOutputStream createOver(String p, int mode, boolean overwrite, WriteHandle handle)
      throws IOException {
    return writing(p, client.createFile(p, CreateOptions.DEFAULT.withMode(mode).withOverwrite(overwrite)), handle);
  }

  /** Writes an existing file again: from nothing (O_TRUNC, truncate to 0), or keeping its first bytes. */
  private WriteHandle.Starter rewriting(String p, PathStatus file) {
    return (handle, keep) -> keep == 0 ? createOver(p, file.mode(), true, handle) : newVersion(p, keep, handle);
  }

  /**
   * Starts a new version of the file at {@code p} that keeps its first {@code keep} bytes (an append, a truncate),
   * from its status now: the handle may have completed it since it was opened (fsync).
   */
  private FerryOutputStream newVersion(String p, long keep, WriteHandle handle) throws IOException {
    return writing(p, client.openNewVersion(client.getStatus(p), keep), handle);
  }

  /** Registers {@code handle} as the writer of {@code p}: readers, renames and unlinks wait until it completes it. */
  private FerryOutputStream writing(String p, FerryOutputStream out, WriteHandle handle) {
    writers.put(p, handle);
    invalidateWithParent(p);
    return out;
  }

  private int register(FuseFileInfo fi, OpenFile file) {
    long fh = nextHandle.getAndIncrement();
    handles.put(fh, file);
    fi.fh.set(fh);
    return 0;
  }

  /** Reads answer with a reply vector (read_buf), so bytes of local block files can be spliced, not copied. */
  @Override
  public int read_buf(String path, Pointer bufp, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    long fh = fi.fh.get();
    return run("read", path, () -> handles.get(fh) instanceof ReadHandle reader ? reader.waitingFor()
        : "the master at " + masters, () -> {
      OpenFile file = handles.get(fh);
      if (file instanceof ReadHandle reader) {
        reader.read(bufp.address(), offset, (int) size);
        return 0;
      }
      return file == null ? -ErrorCodes.EBADF() : -ErrorCodes.EOPNOTSUPP(); // no reads of a file being written
    });
  }

  @Override
  public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
    return run("write", path, () -> {
      if (!(handles.get(fi.fh.get()) instanceof WriteHandle writer)) {
        return -ErrorCodes.EBADF();
      }
      if (!writer.write(buf, offset, (int) size)) {
        LOG.debug("Refused write at {} into {} ({} bytes written)", offset, writer.path(), writer.written());
        return -ErrorCodes.EOPNOTSUPP();
      }
      return (int) size;
    });
  }

  /**
   * Every close(2) of a descriptor, which waits for this answer: completes
   * the file with every byte so far (WriteHandle#publish), so once close(2)
   * returned other clients see it whole (close-to-open), and a failure
   * (ENOSPC...) is close(2)'s errno, the file removed. A later write
   * through another descriptor of the handle appends.
   */
  @Override
  public int flush(String path, FuseFileInfo fi) {
    return publish("flush", path, fi);
  }

  /**
   * Completes the file with every byte written so far, so they are as
   * durable as its write type makes a closed file (THROUGH, CACHE_THROUGH: in
   * the under storage; ASYNC_THROUGH: on its durable workers) and other
   * clients see them, as flush does; a later write through the handle goes on
   * as an append (which copies the file: fsync then close costs nothing
   * more, fsync between writes a copy each time).
   */
  @Override
  public int fsync(String path, int isdatasync, FuseFileInfo fi) {
    return publish("fsync", path, fi);
  }

  /** Completes the file of a write handle as the user who opened it, as release does. */
  private int publish(String op, String path, FuseFileInfo fi) {
    if (handles.get(fi.fh.get()) instanceof WriteHandle writer) {
      return runAs(writer.actingUser(), op, path, () -> "the master at " + masters, () -> {
        writer.publish();
        return 0;
      });
    }
    return 0;
  }

  /**
   * The last close(2) of the handle returned, so what it wrote is complete
   * (flush); a write that came after the last flush, if any, is completed
   * now, for the user who opened the handle: the kernel sends release
   * without the caller's credentials (nocreds).
   */
  @Override
  public int release(String path, FuseFileInfo fi) {
    String user = handles.get(fi.fh.get()) instanceof WriteHandle writer ? writer.actingUser() : caller();
    return runAs(user, "release", path, () -> "the master at " + masters, () -> {
      OpenFile file = handles.remove(fi.fh.get());
      if (file != null) {
        file.close();
      }
      return 0;
    });
  }

  /** What the mount does once a write handle completed its file: see WriteHandle.Completion. */
  private final class Completions implements WriteHandle.Completion {
    @Override
    public void completed(WriteHandle handle, AttributeChanges deferred) throws IOException {
      if (deferred != null) {
        client.setAttributes(handle.path(), deferred);
      }
    }

    @Override
    public void ended(WriteHandle handle) {
      writers.remove(handle.path(), handle);
      invalidateWithParent(handle.path());
    }
  }

  @Override
  public int chmod(String path, @mode_t long mode) {
    return run("chmod", path, () -> setAttributes(resolve(path), AttributeChanges.NONE.withMode((int) (mode & 07777))));
  }

  /** utimensat: Ferry keeps one time, the mtime; the atime (shown as the mtime) is not kept. */
  @Override
  public int utimens(String path, Timespec[] timespec) {
    return run("utimens", path, () -> {
      String p = resolve(path);
      Timespec mtime = timespec[1];
      long nsec = mtime.tv_nsec.longValue();
      if (nsec == UTIME_OMIT) {
        cache.status(p); // nothing Ferry keeps changes, but a missing path is still ENOENT
        return 0;
      }
      long ms = nsec == UTIME_NOW ? System.currentTimeMillis()
          : mtime.tv_sec.get() * 1000 + nsec / 1_000_000;
      return setAttributes(p, AttributeChanges.NONE.withMtimeMs(ms));
    });
  }

  /** Changes attributes now, or when the file this mount is writing completes. */
  private int setAttributes(String p, AttributeChanges changes) throws FerryException {
    WriteHandle writer = writers.get(p);
    if (writer != null && writer.defer(changes)) {
      return 0;
    }
    cache.put(client.setAttributes(p, changes));
    return 0;
  }

  @Override
  public int truncate(String path, @off_t long size) {
    return run("truncate", path, () -> {
      String p = resolve(path);
      if (!awaitWriter(p)) {
        return -ErrorCodes.EBUSY();
      }
      PathStatus file = cache.status(p);
      if (file.isDirectory()) {
        return -ErrorCodes.EISDIR();
      }
      if (size == file.length()) {
        return 0;
      }
      WriteHandle truncated = new WriteHandle(file, actingUser(), false, rewriting(p, file), completion);
      truncated.truncate(size);
      truncated.close();
      return 0;
    });
  }

  @Override
  public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
    if (handles.get(fi.fh.get()) instanceof WriteHandle writer) {
      return run("ftruncate", path, () -> writer.truncate(size) ? 0 : -ErrorCodes.EOPNOTSUPP());
    }
    return truncate(path, size);
  }

  @Override
  public int mkdir(String path, @mode_t long mode) {
    return run("mkdir", path, () -> {
      String p = resolve(path);
      cache.put(client.createDirectory(p, false, (int) (mode & 07777)));
      cache.invalidate(FerryPath.parent(p));
      return 0;
    });
  }

  @Override
  public int rmdir(String path) {
    return run("rmdir", path, () -> {
      String p = resolve(path);
      if (!cache.status(p).isDirectory()) {
        return -ErrorCodes.ENOTDIR();
      }
      client.delete(p, false);
      invalidateWithParent(p);
      return 0;
    });
  }

  @Override
  public int unlink(String path) {
    return run("unlink", path, () -> {
      String p = resolve(path);
      if (cache.status(p).isDirectory()) {
        return -ErrorCodes.EISDIR();
      }
      if (!awaitWriter(p)) {
        return -ErrorCodes.EBUSY();
      }
      client.delete(p, false);
      invalidateWithParent(p);
      return 0;
    });
  }

  /** POSIX rename replaces an existing target (a file, or an empty directory); Ferry's refuses, so it is removed first. */
  @Override
  public int rename(String oldpath, String newpath) {
    return run("rename", oldpath, () -> {
      String src = resolve(oldpath);
      String dst = resolve(newpath);
      if (!awaitWriter(src) || !awaitWriter(dst)) {
        return -ErrorCodes.EBUSY();
      }
      PathStatus from = cache.status(src);
      if (src.equals(dst)) {
        return 0;
      }
      if (from.isDirectory() && FerryPath.isSameOrUnder(dst, src)) {
        return -ErrorCodes.EINVAL();
      }
      PathStatus to = statusOrNull(dst);
      if (to != null) {
        if (from.isDirectory() != to.isDirectory()) {
          return from.isDirectory() ? -ErrorCodes.ENOTDIR() : -ErrorCodes.EISDIR();
        }
        client.delete(dst, false);
      }
      try {
        client.rename(src, dst);
      } finally {
        cache.invalidateAll();
      }
      return 0;
    });
  }

  @Override
  public int statfs(String path, Statvfs stbuf) {
    return run("statfs", path, () -> {
      ClusterStatus r = clusterReport();
      long capacity = r.capacityBytes();
      long free = Math.max(0, capacity - r.usedBytes());
      stbuf.f_bsize.set(BLOCK_SIZE);
      stbuf.f_frsize.set(BLOCK_SIZE);
      stbuf.f_blocks.set(capacity / BLOCK_SIZE);
      stbuf.f_bfree.set(free / BLOCK_SIZE);
      stbuf.f_bavail.set(free / BLOCK_SIZE);
      stbuf.f_files.set(r.inodeCount());
      stbuf.f_ffree.set(Integer.MAX_VALUE);
      stbuf.f_favail.set(Integer.MAX_VALUE);
      stbuf.f_namemax.set(FerryPath.MAX_NAME_BYTES);
      return 0;
    });
  }

  /** The cluster's capacity, asked at most every few seconds (df calls statfs often). */
  private ClusterStatus clusterReport() throws FerryException {
    long now = System.currentTimeMillis();
    if (report == null || now - reportTimeMs > STATFS_REFRESH_MS) {
      report = client.getClusterReport();
      reportTimeMs = now;
    }
    return report;
  }

  // ---- what Ferry does not have: a clear errno at once ----

  @Override
  public int link(String oldpath, String newpath) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  @Override
  public int symlink(String oldpath, String newpath) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  @Override
  public int readlink(String path, Pointer buf, @size_t long size) {
    return -ErrorCodes.EINVAL(); // nothing in Ferry is a symbolic link
  }

  @Override
  public int mknod(String path, @mode_t long mode, long rdev) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  @Override
  public int setxattr(String path, String name, Pointer value, @size_t long size, int flags) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  @Override
  public int getxattr(String path, String name, Pointer value, @size_t long size) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  @Override
  public int listxattr(String path, Pointer list, @size_t long size) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  @Override
  public int removexattr(String path, String name) {
    return -ErrorCodes.EOPNOTSUPP();
  }

  // ---- helpers ----

  /** The Ferry path of a path under the mount point; ENAMETOOLONG before any RPC. */
  private String resolve(String fusePath) throws FerryException {
    for (String name : fusePath.split("/")) {
      if (name.getBytes(StandardCharsets.UTF_8).length > FerryPath.MAX_NAME_BYTES) {
        throw new FerryException(ErrorCode.NAME_TOO_LONG, "File name too long: " + name);
      }
    }
    if (fusePath.equals("/")) {
      return root;
    }
    return root.equals(FerryPath.ROOT) ? fusePath : root + fusePath;
  }

  /**
   * Waits until a file this mount writes is complete (at the writer's next
   * close(2) or fsync). False when it is still being written after the RPC timeout.
   */
  private boolean awaitWriter(String p) throws InterruptedException {
    WriteHandle writer = writers.get(p);
    return writer == null || writer.awaitCompleted(settings.rpcTimeout());
  }

  private PathStatus statusOrNull(String p) throws FerryException {
    try {
      return cache.status(p);
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private void invalidateWithParent(String p) {
    cache.invalidate(p);
    if (!p.equals(FerryPath.ROOT)) {
      cache.invalidate(FerryPath.parent(p));
    }
  }

  private void fill(FileStat stat, PathStatus file) {
    boolean dir = file.isDirectory();
    stat.st_mode.set((dir ? FileStat.S_IFDIR : FileStat.S_IFREG) | (file.mode() & 07777));
    stat.st_nlink.set(dir ? 2 : 1);
    stat.st_size.set(dir ? BLOCK_SIZE : file.length());
    stat.st_blksize.set(128 * 1024);
    stat.st_blocks.set((file.length() + 511) / 512);
    stat.st_uid.set(owners.uid(file.owner()));
    stat.st_gid.set(owners.gid(file.group()));
    setTime(stat.st_mtim, file.mtimeMs());
    setTime(stat.st_atim, file.mtimeMs());
    setTime(stat.st_ctim, file.mtimeMs());
  }

  /** The user name of the process making the current FUSE request; null when the mount acts as itself. */
  private String caller() {
    return callers == null ? null : callers.nameOf(getContext().uid.get());
  }

  /** Whom the operation running on this thread acts for (null: the mount's own user). */
  private static String actingUser() {
    return ActingUser.current().orElse(null);
  }

  private static void setTime(Timespec t, long ms) {
    t.tv_sec.set(Math.floorDiv(ms, 1000));
    t.tv_nsec.set(Math.floorMod(ms, 1000) * 1_000_000L);
  }

  /** Runs one FUSE operation, which waits for the master: see below. */
  private int run(String op, String path, FuseCall call) {
    return run(op, path, () -> "the master at " + masters, call);
  }

  /**
   * Runs one FUSE operation, counted, timed and tracked while in flight
   * ({@code waitingFor} names what it waits for if it is slow): Ferry
   * failures become their errno, anything else EIO (and a log line).
   */
  private int run(String op, String path, Supplier<String> waitingFor, FuseCall call) {
    return runAs(caller(), op, path, waitingFor, call);
  }

  /** As {@link #run}, acting for {@code user} (null: as the mount's own user). */
  private int runAs(String user, String op, String path, Supplier<String> waitingFor, FuseCall call) {
    long start = System.nanoTime();
    int result;
    try (InFlightRequests.Request request = metrics.started(op, path, waitingFor);
        ActingUser.Scope as = user == null ? () -> { } : ActingUser.enter(user)) {
      result = answer(op, path, call);
    }
    metrics.observe(op, result, System.nanoTime() - start);
    return result;
  }

  private static int answer(String op, String path, FuseCall call) {
    try {
      return call.run();
    } catch (FerryException e) {
      int errno = Errno.of(e);
      if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.ALREADY_EXISTS) {
        LOG.debug("{} {}: {}", op, path, e.getMessage());
      } else {
        LOG.warn("{} {} failed: {}", op, path, e.toString());
      }
      return errno;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -ErrorCodes.EINTR();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} {} failed", op, path, e);
      return -ErrorCodes.EIO();
    }
  }

  @FunctionalInterface
  private interface FuseCall {
    int run() throws IOException, InterruptedException;
  }
}
