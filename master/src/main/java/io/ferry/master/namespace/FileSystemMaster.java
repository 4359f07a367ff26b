package io.ferry.master.namespace;

import io.ferry.common.BlockIds;
import io.ferry.common.FerryPath;
import io.ferry.common.Replication;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.journal.proto.RequestDone;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.Mount;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountOptions;
import io.ferry.master.mount.MountTable;
import io.ferry.master.security.PermissionChecker;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.CreateFilesRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FreeRequest;
import io.ferry.proto.FreeResponse;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.MountInfo;
import io.ferry.proto.MountRequest;
import io.ferry.proto.PersistRequest;
import io.ferry.proto.PersistResponse;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.SetAttributesRequest;
import io.ferry.proto.PinnedFiles;
import io.ferry.proto.SetPinnedRequest;
import io.ferry.proto.SetReplicationRequest;
import io.ferry.proto.SetTtlRequest;
import io.ferry.proto.TtlAction;
import io.ferry.proto.WriteType;
import io.ferry.ufs.MountOption;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace operations behind FileSystemMasterService. Each operation
 * locks the paths it reads and writes ({@link NamespaceLocks}), so
 * operations on unrelated paths run in parallel, each mutation committing
 * one journal batch; an operation that must load or re-sync metadata from
 * the UFS runs again with the namespace to itself ({@link Pass}).
 */
public final class FileSystemMaster {
  private static final Logger LOG = LoggerFactory.getLogger(FileSystemMaster.class);
  private static final int DEFAULT_FILE_MODE = 0644;
  private static final int DEFAULT_DIR_MODE = 0755;
  /** Enough that unrelated paths rarely share a stripe; a few hundred KiB of locks. */
  private static final int LOCK_STRIPES = 4096;

  private final MetaStore store;
  private final MountTable mounts;
  private final Mount.UfsOpener ufsOpener;
  private final NamespaceConfig config;
  private final LongSupplier clockMs;
  private final IdAllocator ids;
  private final Journal journal;
  private final BlockLocations locations;
  private final UfsMetadataSync sync;
  private final FileInfos infos;
  private final PinCapacity pinCapacity;
  private final NamespaceLocks locks = new NamespaceLocks(LOCK_STRIPES);
  private final BoundedUfsCalls ufsChecks;
  private final PermissionChecker permissions;
  private final StreamedUfsListing streamedListing;

  /** A namespace that checks no permissions (authentication NONE). */
  public FileSystemMaster(MetaStore store, Journal journal, MountTable mounts, Mount.UfsOpener ufsOpener,
      BlockLocations locations, WorkerRegistry workers, NamespaceConfig config, LongSupplier clockMs) {
    this(store, journal, mounts, ufsOpener, locations, workers, config, clockMs, PermissionChecker.OFF);
  }

  public FileSystemMaster(MetaStore store, Journal journal, MountTable mounts, Mount.UfsOpener ufsOpener,
      BlockLocations locations, WorkerRegistry workers, NamespaceConfig config, LongSupplier clockMs,
      PermissionChecker permissions) {
    this.permissions = permissions;
    this.store = store;
    this.journal = journal;
    this.mounts = mounts;
    this.ufsOpener = ufsOpener;
    this.locations = locations;
    this.config = config;
    SyncClock syncClock = new SyncClock(clockMs);
    this.clockMs = syncClock::stampMs;
    this.ids = new IdAllocator(store);
    this.sync = new UfsMetadataSync(store, mounts, config, syncClock, this::mutation);
    this.infos = new FileInfos(mounts, locations, workers);
    this.pinCapacity = new PinCapacity(store, workers);
    this.ufsChecks = new BoundedUfsCalls(config.ufsCheckTimeout());
    this.streamedListing = new StreamedUfsListing(store, mounts, sync, infos, this::mutation, this::lockedNotYetDurable, syncClock,
        config.listingPageSize());
  }

  private Mutation mutation() {
    return new Mutation(journal, ids, locations, clockMs);
  }

  /** On a fresh metastore, creates the root inode and mounts {@code rootUfsUri} at '/'. */
  public void initRoot(String rootUfsUri) throws FerryException {
    exclusive(pass -> {
      Optional<Mount> existing = mounts.mountAt(FerryPath.ROOT);
      if (existing.isPresent()) {
        if (!existing.get().ufsUri().equals(rootUfsUri)) {
          LOG.warn("'/' stays mounted on {} (from the metastore), not on the configured {}",
              existing.get().ufsUri(), rootUfsUri);
        }
        return null;
      }
      Mutation m = mutation();
      long rootId = m.newInodeId();
      if (rootId != UfsMetadataSync.ROOT_ID) {
        throw new IllegalStateException("The metastore has inodes but no root mount");
      }
      long now = clockMs.getAsLong();
      m.upsert(InodeRecord.newBuilder().setId(rootId).setDirectory(true).setMode(DEFAULT_DIR_MODE)
              .setMtimeMs(now).setComplete(true).setPersisted(true).setReplication(1).build())
          .addMount(MountRecord.newBuilder().setMountId(m.newMountId()).setFerryPath(FerryPath.ROOT)
              .setUfsUri(rootUfsUri).build())
          .commit();
      LOG.info("Mounted {} at /", rootUfsUri);
      return null;
    });
  }

  public FileInfo getStatus(GetStatusRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    return locked(LockSet.reading(path), statusOf(path, request));
  }

  /**
   * The status if it can be answered at once: from the metastore alone, with
   * its path locks free. Empty when it would wait for a lock or call the UFS;
   * then {@link #getStatus} answers it.
   */
  public Optional<FileInfo> getStatusWithoutWaiting(GetStatusRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    Optional<NamespaceLocks.Held> held = locks.tryLock(LockSet.reading(path));
    if (held.isEmpty()) {
      return Optional.empty();
    }
    try (NamespaceLocks.Held h = held.get()) {
      return Optional.of(statusOf(path, request).run(Pass.first(Pass.Level.INLINE)));
    } catch (PassTooWeak e) {
      return Optional.empty();
    }
  }

  private Op<FileInfo> statusOf(String path, GetStatusRequest request) {
    return pass -> {
      InodeRecord inode = existing(path, request.getSync(), pass);
      // the blocks of a file are asked for to read it: that takes read permission (open, in HDFS's terms)
      check("getStatus", path, request.getIncludeBlocks() && !inode.getDirectory() ? PermissionChecker.READ : 0, pass);
      return infos.of(inode, path, request.getIncludeBlocks());
    };
  }

  /**
   * The status of what {@code op} reads whole, a file or a directory's tree (a load job): it takes read on
   * a file, read and execute on a directory, and execute on the ancestors.
   */
  public FileInfo statusToRead(String op, String path) throws FerryException {
    String normalized = FerryPath.normalize(path);
    return locked(LockSet.reading(normalized), pass -> {
      InodeRecord inode = existing(normalized, false, pass);
      check(op, normalized, inode.getDirectory() ? PermissionChecker.READ | PermissionChecker.EXECUTE
          : PermissionChecker.READ, pass);
      return infos.of(inode, normalized, false);
    });
  }

  /** Hands the listing of a directory (or the file itself) to {@code pages}, one page at a time. */
  public void listStatus(ListStatusRequest request, Consumer<List<FileInfo>> pages) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    int pageSize = request.getPageSize() > 0 ? request.getPageSize() : config.listingPageSize();
    LockSet locked = LockSet.reading(path);
    // A listing from its first entry streams the UFS's pages as they are applied; one continued
    // from a name (its first call synced the directory) syncs it whole if it is stale again.
    boolean fromStart = request.getStartAfter().isEmpty();
    InodeRecord target = locked(locked, pass -> {
      InodeRecord inode = existing(path, request.getSync(), pass);
      check("listStatus", path, inode.getDirectory() ? PermissionChecker.READ | PermissionChecker.EXECUTE : 0, pass);
      return inode.getDirectory() && !fromStart ? sync.syncChildren(inode, path, request.getSync(), pass) : inode;
    });
    if (!target.getDirectory()) {
      pages.accept(List.of(infos.of(target, path, false)));
      return;
    }
    if (fromStart && sync.needsListing(target, path, request.getSync())) {
      streamedListing.list(target, path, new ListingPages(pageSize, pages));
      return;
    }
    String after = request.getStartAfter();
    while (true) {
      String from = after;
      List<FileInfo> page = locked(locked, pass -> {
        List<FileInfo> out = new ArrayList<>();
        Function<InodeRecord, FileInfo> entry = infos.childrenOf(path); // under this page's locks
        for (InodeRecord child : store.children(target.getId(), from, pageSize)) {
          out.add(entry.apply(child));
        }
        return out;
      });
      if (page.isEmpty()) {
        return;
      }
      pages.accept(page);
      if (page.size() < pageSize) {
        return;
      }
      after = page.get(page.size() - 1).getName();
    }
  }

  public FileInfo createFile(CreateFileRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    if (path.equals(FerryPath.ROOT)) {
      throw FerryException.isADirectory(path);
    }
    String parentPath = FerryPath.parent(path);
    // The parent is only read-locked: creates in one directory run in parallel (a parent to
    // create, recursive, needs the exclusive pass).
    LockSet locked = LockSet.writing(path);
    return locked(locked, pass -> {
      Optional<Long> done = applied(request.getRequestId());
      if (done.isPresent()) {
        return infos.of(store.inode(done.get()).orElseThrow(() -> FerryException.notFound(path)), path, false);
      }
      Mount mount = mounts.mountOf(path);
      checkWritable(mount, path);
      Mutation m = mutation();
      InodeRecord parent = sync.lookup(parentPath, pass);
      check("createFile", parentPath, PermissionChecker.WRITE | PermissionChecker.EXECUTE, pass);
      if (parent == null) {
        if (!request.getRecursive()) {
          throw new FerryException(ErrorCode.NOT_FOUND, "Parent directory does not exist: " + parentPath);
        }
        parent = createDirectories(parentPath, request.getOwner(), request.getGroup(), DEFAULT_DIR_MODE, m,
            locked, pass);
      } else if (!parent.getDirectory()) {
        throw FerryException.notADirectory(parentPath);
      } else {
        InodeRecord old = sync.child(parent, parentPath, FerryPath.name(path), pass);
        if (old != null) {
          if (old.getDirectory()) {
            throw FerryException.isADirectory(path);
          }
          if (!request.getOverwrite()) {
            throw FerryException.alreadyExists(path);
          }
          permissions.checkSticky("createFile", path, parent, old);
          m.delete(old);
        }
      }
      InodeRecord file = mount.withTtl(InodeRecord.newBuilder(), clockMs.getAsLong())
          .setId(m.newInodeId())
          .setParentId(parent.getId())
          .setName(FerryPath.name(path))
          .setBlockSize(sync.blockSize(mount, request.getBlockSize()))
          .setMtimeMs(clockMs.getAsLong())
          .setOwner(permissions.owner(request.getOwner()))
          .setGroup(permissions.group(request.getGroup(), parent))
          .setMode(permissions.mode(request.getMode() != 0 ? request.getMode() : DEFAULT_FILE_MODE))
          .setReplication(request.getReplication() > 0 ? Replication.check(request.getReplication(), "Replication")
              : Math.max(1, parent.getReplication()))
          .setPinned(parent.getPinned())
          .build();
      m.upsert(file).requestDone(request.getRequestId(), file.getId()).commit();
      WriteType writeType = request.getWriteType() != WriteType.WRITE_TYPE_UNSPECIFIED ? request.getWriteType()
          : mount.writeType();
      return infos.of(file, path, false).toBuilder().setWriteType(writeType).build();
    });
  }

  /**
   * Creates complete empty files in an existing directory, all in one
   * journal batch: a namespace is loaded thousands of files per call.
   */
  public int createFiles(CreateFilesRequest request) throws FerryException {
    String dir = FerryPath.normalize(request.getDirectory());
    for (String name : request.getNamesList()) {
      FerryPath.checkName(name, dir);
    }
    LockSet locked = LockSet.reading(dir);
    request.getNamesList().forEach(name -> locked.alsoWriting(FerryPath.join(dir, name)));
    return locked(locked, pass -> {
      if (applied(request.getRequestId()).isPresent()) {
        return request.getNamesCount();
      }
      InodeRecord parent = existing(dir, false, pass);
      if (!parent.getDirectory()) {
        throw FerryException.notADirectory(dir);
      }
      check("createFiles", dir, PermissionChecker.WRITE | PermissionChecker.EXECUTE, pass);
      Mount mount = mounts.mountOf(dir);
      checkWritable(mount, dir);
      Mutation m = mutation();
      long now = clockMs.getAsLong();
      Set<String> names = new HashSet<>();
      for (String name : request.getNamesList()) {
        if (!names.add(name) || sync.child(parent, dir, name, pass) != null) {
          throw FerryException.alreadyExists(FerryPath.join(dir, name));
        }
        m.upsert(mount.withTtl(InodeRecord.newBuilder(), now)
            .setId(m.newInodeId())
            .setParentId(parent.getId())
            .setName(name)
            .setBlockSize(sync.blockSize(mount, 0))
            .setMtimeMs(now)
            .setOwner(permissions.owner(request.getOwner()))
            .setGroup(permissions.group("", parent))
            .setMode(permissions.mode(DEFAULT_FILE_MODE))
            .setReplication(1)
            .setPinned(parent.getPinned())
            .setComplete(true)
            .build());
      }
      m.requestDone(request.getRequestId(), 0).commit();
      return names.size();
    });
  }

  /**
   * Completes a file. One whose bytes exist only in the cache (MUST_CACHE, write-back) is acknowledged once
   * every block has a reported location, so that a reader right after the close finds its blocks: the
   * workers report such blocks at once, and the wait is bounded ({@code ferry.master.cache.only.report.wait}).
   */
  public FileInfo completeFile(CompleteFileRequest request) throws FerryException {
    FileInfo done = completeUnderLocks(request);
    if (done.getPersisted() || done.getLength() == 0 || config.cacheOnlyReportWait().isZero()) {
      return done;
    }
    try {
      if (!locations.awaitHeld(done.getId(), BlockIds.count(done.getLength(), done.getBlockSize()),
          config.cacheOnlyReportWait())) {
        LOG.warn("{} completed with blocks no worker reported within {}: a reader may find them on no worker",
            done.getPath(), config.cacheOnlyReportWait());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while completing " + done.getPath(), e);
    }
    return done;
  }

  private FileInfo completeUnderLocks(CompleteFileRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    LockSet locked = LockSet.writing(path);
    long replaced = request.getReplacesFileId();
    if (replaced != 0) {
      sync.pathOf(replaced).ifPresent(locked::alsoWriting);
    }
    return locked(locked, pass -> {
      if (!sync.storedId(path).equals(Optional.of(request.getFileId()))) {
        pass.require(Pass.Level.EXCLUSIVE); // renamed (or gone) since it was created: the path given is not its lock
      }
      InodeRecord file = store.inode(request.getFileId())
          .filter(f -> !f.getDirectory())
          .orElseThrow(() -> new FerryException(ErrorCode.NOT_FOUND,
              "File " + path + " (id " + request.getFileId() + ") no longer exists: deleted or overwritten"));
      // its writer only (the creator owns it; the create checked the permissions), as HDFS's lease holder
      permissions.checkOwner("completeFile", path, file);
      if (file.getComplete()) {
        if (file.getLength() == request.getLength() && file.getUfsFingerprint().equals(request.getFingerprint())) {
          return infos.of(file, path, false); // a retried completion
        }
        throw FerryException.invalidArgument("File " + path + " is already complete");
      }
      if (request.getLength() < 0) {
        throw FerryException.invalidArgument("Negative length " + request.getLength() + " for " + path);
      }
      long now = clockMs.getAsLong();
      InodeRecord done = file.toBuilder()
          .setLength(request.getLength())
          .setUfsFingerprint(request.getFingerprint())
          .setPersisted(!request.getFingerprint().isEmpty())
          .setPersistPending(request.getPersistLater() && request.getFingerprint().isEmpty())
          .setComplete(true)
          .setMtimeMs(now)
          .setSyncedMs(now)
          .build();
      if (replaced != 0) {
        return replace(replaced, done, path, locked, pass);
      }
      mutation().upsert(done).commit();
      return infos.of(done, path, false);
    });
  }

  /**
   * Puts the file just completed at {@code path} (a new version written under a temporary name) in the place
   * of file {@code replacedId}, wherever that file is now (renamed while it was appended to), with its owner,
   * group, mode, replication, pin and time to live: its UFS copy is deleted and the new version's renamed
   * over it, then one journal batch deletes the old inode and moves the new one. Fails, leaving the new
   * version incomplete (its writer removes it), when the old file was deleted or overwritten meanwhile.
   */
  private FileInfo replace(long replacedId, InodeRecord done, String path, LockSet locked, Pass pass)
      throws FerryException {
    InodeRecord old = store.inode(replacedId).filter(f -> !f.getDirectory() && f.getComplete())
        .orElseThrow(() -> new FerryException(ErrorCode.NOT_FOUND, "The file that " + path + " is a new version of"
            + " (id " + replacedId + ") no longer exists: deleted or overwritten while it was written"));
    String target = sync.pathOf(replacedId).orElseThrow(() -> FerryException.notFound(path));
    if (!locked.writes(target)) {
      pass.require(Pass.Level.EXCLUSIVE); // renamed since the completion began: its new path is not locked
    }
    check("append", target, PermissionChecker.WRITE, pass);
    Mount mount = mounts.mountOf(target);
    if (mount.id() != mounts.mountOf(path).id()) {
      throw FerryException.invalidArgument("Cannot replace " + target + " by " + path + ": they are in two mounts");
    }
    UnderFileSystem ufs = mount.ufs();
    String from = mount.ufsUri(path);
    String to = mount.ufsUri(target);
    if (old.getPersisted()) {
      ufsChange(to, () -> ufs.deleteFile(to));
    }
    if (done.getPersisted()) {
      ufsChange(from, () -> {
        ufs.rename(from, to);
        return null;
      });
    }
    InodeRecord moved = done.toBuilder()
        .setParentId(old.getParentId())
        .setName(old.getName())
        .setOwner(old.getOwner())
        .setGroup(old.getGroup())
        .setMode(old.getMode())
        .setReplication(old.getReplication())
        .setPinned(old.getPinned())
        .setTtlExpiryMs(old.getTtlExpiryMs())
        .setTtlAction(old.getTtlAction())
        .build();
    mutation().delete(old).upsert(moved).commit();
    return infos.of(moved, target, false);
  }

  public FileInfo createDirectory(CreateDirectoryRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    LockSet locked = LockSet.writing(path);
    return locked(locked, pass -> {
      Optional<Long> done = applied(request.getRequestId());
      if (done.isPresent()) {
        return infos.of(store.inode(done.get()).orElseThrow(() -> FerryException.notFound(path)), path, false);
      }
      InodeRecord existing = sync.lookup(path, pass);
      if (existing != null) {
        check("createDirectory", path, 0, pass);
        if (existing.getDirectory() && request.getAllowExists()) {
          return infos.of(existing, path, false);
        }
        throw FerryException.alreadyExists(path);
      }
      String parentPath = FerryPath.parent(path);
      InodeRecord parent = sync.lookup(parentPath, pass);
      check("createDirectory", parentPath, PermissionChecker.WRITE | PermissionChecker.EXECUTE, pass);
      if (parent == null && !request.getRecursive()) {
        throw new FerryException(ErrorCode.NOT_FOUND, "Parent directory does not exist: " + parentPath);
      }
      if (parent != null && !parent.getDirectory()) {
        throw FerryException.notADirectory(parentPath);
      }
      Mutation m = mutation();
      InodeRecord dir = createDirectories(path, request.getOwner(), request.getGroup(),
          request.getMode() != 0 ? request.getMode() : DEFAULT_DIR_MODE, m, locked, pass);
      m.requestDone(request.getRequestId(), dir.getId()).commit();
      return infos.of(dir, path, false);
    });
  }

  /**
   * Creates the missing directories of {@code path} in the UFS and adds
   * their inodes to {@code m}; returns the last one. Every missing
   * directory lies in the mount of the deepest existing one, since mount
   * points always exist. Creating a directory the operation did not
   * write-lock needs the exclusive pass.
   */
  private InodeRecord createDirectories(String path, String owner, String group, int mode, Mutation m,
      LockSet locked, Pass pass) throws FerryException {
    Mount mount = mounts.mountOf(path);
    checkWritable(mount, path);
    InodeRecord cur = sync.root();
    String curPath = FerryPath.ROOT;
    List<String> missing = new ArrayList<>();
    String missingPath = null;
    for (String name : FerryPath.components(path)) {
      InodeRecord next = missing.isEmpty() ? sync.child(cur, curPath, name, pass) : null;
      if (next == null) {
        missingPath = FerryPath.join(missing.isEmpty() ? curPath : missingPath, name);
        if (!locked.writes(missingPath)) {
          pass.require(Pass.Level.EXCLUSIVE);
        }
        missing.add(name);
        continue;
      }
      if (!next.getDirectory()) {
        throw FerryException.notADirectory(FerryPath.join(curPath, name));
      }
      cur = next;
      curPath = FerryPath.join(curPath, name);
    }
    String uri = mount.ufsUri(path);
    ufsChange(uri, () -> {
      mount.ufs().mkdirs(uri);
      return null;
    });
    long now = clockMs.getAsLong();
    for (String name : missing) {
      cur = InodeRecord.newBuilder()
          .setId(m.newInodeId())
          .setParentId(cur.getId())
          .setName(name)
          .setDirectory(true)
          .setMtimeMs(now)
          .setOwner(permissions.owner(owner))
          .setGroup(permissions.group(group, cur))
          .setMode(permissions.mode(mode))
          .setComplete(true)
          .setPersisted(true)
          .setReplication(Math.max(1, cur.getReplication()))
          .setPinned(cur.getPinned())
          .setSyncedMs(now)
          .setChildrenSyncedMs(now) // just made in the UFS: nothing there to list
          .build();
      m.upsert(cur);
    }
    return cur;
  }

  public void delete(DeleteRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    if (path.equals(FerryPath.ROOT)) {
      throw FerryException.invalidArgument("Cannot delete the root /");
    }
    // the subtree is covered: every operation below the path read-locks it
    locked(LockSet.writing(path), pass -> {
      if (applied(request.getRequestId()).isPresent()) {
        return null;
      }
      if (mounts.mountAt(path).isPresent()) {
        throw mountInTheWay(path + " is a mount point, unmount it instead of deleting it");
      }
      checkNoMountsBelow(path, "delete");
      InodeRecord inode = existing(path, false, pass);
      checkRemovable("delete", path, inode, pass);
      Mount mount = mounts.mountOf(path);
      checkWritable(mount, path);
      if (inode.getDirectory()) {
        inode = sync.syncChildren(inode, path, false, pass);
        if (!request.getRecursive() && store.hasChildren(inode.getId())) {
          throw new FerryException(ErrorCode.DIRECTORY_NOT_EMPTY, "Directory not empty: " + path);
        }
        checkSubtreeWritable(path, inode);
      }
      // an incomplete file may have a UFS copy (its writer published it, then its CompleteFile was lost)
      // and temporary files (its writer was killed): both go with it
      boolean incomplete = !inode.getComplete();
      if ((inode.getPersisted() || incomplete) && !request.getAlluxioOnly()) {
        pass.beforeUfsChange(); // a large tree takes long to delete: never with the namespace locked
        String uri = mount.ufsUri(path);
        UnderFileSystem ufs = mount.ufs();
        boolean dir = inode.getDirectory();
        if (incomplete) {
          ufsChange(uri, () -> ufs.deleteTemporaries(uri));
        }
        ufsChange(uri, () -> dir ? ufs.deleteDirectory(uri, request.getRecursive()) : ufs.deleteFile(uri));
      }
      Mutation m = mutation();
      deleteSubtree(inode, m);
      m.requestDone(request.getRequestId(), inode.getId()).commit();
      return null;
    });
  }

  /**
   * Ends a file left incomplete by a writer that is gone ({@link LeaseRecovery}):
   * completed from its UFS copy if the writer published one before the
   * completion was lost, removed otherwise; either way the temporary files
   * its writes left in the UFS are deleted. False if it was complete, gone
   * or moved meanwhile.
   */
  public boolean recoverIncompleteFile(long fileId) throws FerryException {
    Optional<String> found = sync.pathOf(fileId);
    if (found.isEmpty()) {
      return false;
    }
    String path = found.get();
    return locked(LockSet.writing(path), pass -> {
      if (!sync.storedId(path).equals(Optional.of(fileId))) {
        return false; // renamed or gone since the path was read: the next scan sees where it is
      }
      Optional<InodeRecord> file = store.inode(fileId).filter(f -> !f.getComplete());
      if (file.isEmpty()) {
        return false;
      }
      Mount mount = mounts.mountOf(path);
      String uri = mount.ufsUri(path);
      UnderFileSystem ufs = mount.ufs();
      int temporaries = ufsChange(uri, () -> ufs.deleteTemporaries(uri));
      Optional<UfsStatus> copy = UfsCall.run(uri, () -> ufs.getStatus(uri)).filter(s -> !s.directory());
      Mutation m = mutation();
      if (copy.isPresent()) {
        long now = clockMs.getAsLong();
        m.upsert(file.get().toBuilder().setLength(copy.get().length()).setUfsFingerprint(copy.get().fingerprint())
            .setPersisted(true).setComplete(true).setSyncedMs(now).build());
      } else {
        m.delete(file.get());
      }
      m.commit();
      LOG.info("Recovered {}, whose writer is gone: {}; {} temporary file(s) deleted from {}", path,
          copy.isPresent() ? "completed from its under-storage copy of " + copy.get().length() + " bytes"
              : "removed (no under-storage copy)", temporaries, mount.ufsUri(FerryPath.parent(path)));
      return true;
    });
  }

  private void deleteSubtree(InodeRecord inode, Mutation m) {
    if (inode.getDirectory()) {
      for (InodeRecord child : sync.allChildren(inode.getId())) {
        deleteSubtree(child, m);
      }
    }
    m.delete(inode);
  }

  public void rename(RenameRequest request) throws FerryException {
    String src = FerryPath.normalize(request.getSrc());
    String dst = FerryPath.normalize(request.getDst());
    if (src.equals(FerryPath.ROOT)) {
      throw FerryException.invalidArgument("Cannot rename the root /");
    }
    locked(LockSet.writing(src, dst), pass -> {
      if (applied(request.getRequestId()).isPresent()) {
        return null;
      }
      InodeRecord inode = sync.lookup(src, pass);
      if (inode == null) {
        throw FerryException.notFound(src);
      }
      checkRemovable("rename", src, inode, pass);
      if (src.equals(dst)) {
        return null;
      }
      if (FerryPath.isSameOrUnder(dst, src)) {
        throw FerryException.invalidArgument("Cannot rename " + src + " to a path below itself: " + dst);
      }
      if (mounts.mountAt(src).isPresent()) {
        throw mountInTheWay(src + " is a mount point, it cannot be renamed");
      }
      checkNoMountsBelow(src, "rename");
      String dstParentPath = FerryPath.parent(dst);
      InodeRecord dstParent = sync.lookup(dstParentPath, pass);
      if (dstParent == null) {
        throw new FerryException(ErrorCode.NOT_FOUND, "Parent directory of " + dst + " does not exist: " + dstParentPath);
      }
      if (!dstParent.getDirectory()) {
        throw FerryException.notADirectory(dstParentPath);
      }
      check("rename", dstParentPath, PermissionChecker.WRITE | PermissionChecker.EXECUTE, pass);
      if (sync.child(dstParent, dstParentPath, FerryPath.name(dst), pass) != null) {
        throw FerryException.alreadyExists(dst);
      }
      Mount mount = mounts.mountOf(src);
      Mount dstMount = mounts.mountOf(dst);
      if (mount.id() != dstMount.id()) {
        throw FerryException.invalidArgument("Cannot rename across mounts: " + src + " is in the mount at "
            + mount.ferryPath() + ", " + dst + " in the mount at " + dstMount.ferryPath());
      }
      checkWritable(mount, src);
      if (inode.getPersisted()) {
        String from = mount.ufsUri(src);
        String to = mount.ufsUri(dst);
        UnderFileSystem ufs = mount.ufs();
        ufsChange(from, () -> {
          ufs.rename(from, to);
          return null;
        });
      }
      // synced now: Ferry just made this name in the UFS, so a listing taken before is older than it
      mutation().upsert(inode.toBuilder().setParentId(dstParent.getId()).setName(FerryPath.name(dst))
              .setSyncedMs(clockMs.getAsLong()).build())
          .requestDone(request.getRequestId(), inode.getId())
          .commit();
      return null;
    });
  }

  /**
   * chmod, utimens, chown: changes the Ferry metadata of a file or directory
   * (the UFS copy keeps its own, and a later change of the UFS file brings
   * its mtime back). Only the fields the request sets change.
   */
  public FileInfo setAttributes(SetAttributesRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    if (request.hasMode() && (request.getMode() & ~07777) != 0) {
      throw FerryException.invalidArgument("Invalid mode " + Integer.toOctalString(request.getMode())
          + " for " + path + ": only permission bits (07777) can be set");
    }
    return locked(LockSet.writing(path), pass -> {
      InodeRecord inode = existing(path, false, pass);
      check("setAttributes", path, 0, pass);
      if (request.hasMode() || request.hasMtimeMs()) {
        permissions.checkOwner("setAttributes", path, inode);
      }
      permissions.checkChown("setAttributes", path, inode, request.getOwner(), request.getGroup());
      checkWritable(mounts.mountOf(path), path);
      InodeRecord.Builder changed = inode.toBuilder();
      if (request.hasMode()) {
        changed.setMode(request.getMode());
      }
      if (request.hasMtimeMs()) {
        changed.setMtimeMs(request.getMtimeMs());
      }
      if (!request.getOwner().isEmpty()) {
        changed.setOwner(request.getOwner());
      }
      if (!request.getGroup().isEmpty()) {
        changed.setGroup(request.getGroup());
      }
      InodeRecord updated = changed.build();
      if (!updated.equals(inode)) {
        mutation().upsert(updated).commit();
      }
      return infos.of(updated, path, false);
    });
  }

  /**
   * Sets the replication factor of a file, or of a directory and every file
   * and directory below it that is loaded; what is loaded from the UFS later
   * takes its directory's factor. The replication checker does the copying.
   */
  public FileInfo setReplication(SetReplicationRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    int factor = Replication.check(request.getReplication(), "Replication of " + path);
    return locked(LockSet.writing(path), pass -> {
      InodeRecord inode = existing(path, false, pass);
      check("setReplication", path, PermissionChecker.WRITE, pass);
      Mutation m = mutation();
      setReplication(inode, factor, m);
      m.commit();
      return infos.of(inode.toBuilder().setReplication(factor).build(), path, false);
    });
  }

  private void setReplication(InodeRecord inode, int factor, Mutation m) {
    if (inode.getDirectory()) {
      for (InodeRecord child : sync.allChildren(inode.getId())) {
        setReplication(child, factor, m);
      }
    }
    if (inode.getReplication() != factor) {
      m.upsert(inode.toBuilder().setReplication(factor).build());
    }
  }

  /**
   * Drops the cached copies of a file, or of every loaded file below a
   * directory, whose bytes are in the under storage; the workers delete the
   * blocks with their next heartbeat. A file not persisted yet keeps its
   * blocks: they are its only copy. A pinned file keeps them too: a pin
   * promises they stay until it is removed.
   */
  public FreeResponse free(FreeRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    return locked(LockSet.reading(path), pass -> {
      InodeRecord inode = existing(path, false, pass);
      check("free", path, PermissionChecker.WRITE, pass);
      FreeResponse.Builder out = FreeResponse.newBuilder();
      free(inode, path, out);
      return out.build();
    });
  }

  private void free(InodeRecord inode, String path, FreeResponse.Builder out) {
    if (inode.getDirectory()) {
      for (InodeRecord child : sync.allChildren(inode.getId())) {
        free(child, FerryPath.join(path, child.getName()), out);
      }
      return;
    }
    long cached = infos.cachedBytes(inode);
    if (cached == 0) {
      return;
    }
    if (!inode.getPersisted()) {
      if (out.getNotPersistedFiles() == 0) {
        out.setFirstNotPersisted(path);
      }
      out.setNotPersistedFiles(out.getNotPersistedFiles() + 1);
      return;
    }
    if (inode.getPinned()) {
      if (out.getPinnedFiles() == 0) {
        out.setFirstPinned(path);
      }
      out.setPinnedFiles(out.getPinnedFiles() + 1);
      return;
    }
    locations.dropFile(inode.getId());
    out.setFreedFiles(out.getFreedFiles() + 1).setFreedBytes(out.getFreedBytes() + cached);
  }

  /**
   * Schedules the persistence of every complete file at or below a path
   * whose bytes are not in the under storage (journaled: the persist jobs
   * write each from its cached blocks, {@code PersistJobs}), and counts those
   * still waiting and those still being written. Asked again, it only counts.
   */
  public PersistResponse persist(PersistRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    return locked(LockSet.writing(path), pass -> {
      InodeRecord inode = existing(path, false, pass);
      check("persist", path, PermissionChecker.WRITE, pass);
      PersistResponse.Builder out = PersistResponse.newBuilder();
      Mutation m = mutation();
      schedulePersist(inode, path, m, out);
      if (!m.isEmpty()) {
        m.commit();
      }
      return out.build();
    });
  }

  private void schedulePersist(InodeRecord inode, String path, Mutation m, PersistResponse.Builder out) {
    if (inode.getDirectory()) {
      for (InodeRecord child : sync.allChildren(inode.getId())) {
        schedulePersist(child, FerryPath.join(path, child.getName()), m, out);
      }
      return;
    }
    if (inode.getPersisted()) {
      return;
    }
    if (!inode.getComplete()) {
      out.setIncompleteFiles(out.getIncompleteFiles() + 1);
      return;
    }
    if (!inode.getPersistPending()) {
      m.upsert(inode.toBuilder().setPersistPending(true).build());
    }
    if (out.getWaitingFiles() == 0) {
      out.setFirstWaiting(path);
    }
    out.setWaitingFiles(out.getWaitingFiles() + 1);
  }

  /** What a persist job is to write for a file, where it is now; empty if it is no longer waiting for one. */
  public Optional<PersistTarget> persistTarget(long fileId) {
    Optional<InodeRecord> file = store.inode(fileId).filter(InodeRecord::getPersistPending);
    Optional<String> path = sync.pathOf(fileId);
    if (file.isEmpty() || path.isEmpty()) {
      return Optional.empty();
    }
    Mount mount = mounts.mountOf(path.get());
    return Optional.of(new PersistTarget(fileId, path.get(), mount.id(), mount.ufsUri(path.get()),
        file.get().getLength(), file.get().getBlockSize(), file.get().getMtimeMs()));
  }

  /**
   * A persist job wrote {@code target} to the under storage with {@code
   * fingerprint}: the file is recorded persisted and its cached copies,
   * kept unevictable while they were its only copy, stay cached as ordinary
   * (evictable) copies of that version. A file
   * renamed meanwhile has its copy renamed to its new name (a copy that is
   * no longer there with that fingerprint fails FILE_CHANGED: the job writes
   * it again under the new name); the copy of a
   * file deleted (or overwritten) meanwhile is deleted. False if the file
   * moved while this ran: the job asks again.
   */
  public boolean persisted(PersistTarget target, String fingerprint) throws FerryException {
    Optional<String> found = sync.pathOf(target.fileId());
    if (found.isEmpty()) {
      deleteOrphanCopy(target, fingerprint);
      return true;
    }
    String path = found.get();
    return locked(LockSet.writing(path), pass -> {
      if (!sync.storedId(path).equals(Optional.of(target.fileId()))) {
        return false;
      }
      InodeRecord file = store.inode(target.fileId()).orElseThrow();
      if (!file.getPersistPending()) {
        return true;
      }
      Mount mount = mounts.mountOf(path);
      String uri = mount.ufsUri(path);
      String stored = fingerprint;
      if (!uri.equals(target.ufsUri())) {
        UnderFileSystem ufs = mount.ufs();
        stored = ufsChange(uri, () -> {
          if (!ufs.getStatus(target.ufsUri()).map(UfsStatus::fingerprint).equals(Optional.of(fingerprint))) {
            throw new FerryException(ErrorCode.FILE_CHANGED, "its copy at " + target.ufsUri()
                + " was replaced or moved before it could be renamed to " + uri + ": it is written again");
          }
          ufs.rename(target.ufsUri(), uri);
          return ufs.getStatus(uri).map(UfsStatus::fingerprint).orElse(fingerprint);
        });
        LOG.info("Persisted {} under its name of the moment it was written ({}), then renamed it", path,
            target.ufsUri());
      }
      mutation().upsert(file.toBuilder().setPersisted(true).setPersistPending(false).setUfsFingerprint(stored)
          .setSyncedMs(clockMs.getAsLong()).build()).commit();
      locations.relabelFile(file.getId(), stored);
      return true;
    });
  }

  /**
   * A change in the under storage: first confirms that this master still
   * writes the namespace (with HA, a deposed leader must not delete or move
   * under-storage files from its stale view; its journal entry, after the
   * change, would fail).
   */
  private <T> T ufsChange(String uri, UfsCall<T> op) throws FerryException {
    journal.confirmWriter();
    return UfsCall.run(uri, op);
  }

  /** Deletes the under-storage copy of a file deleted while it was persisted, unless another file took its name. */
  private void deleteOrphanCopy(PersistTarget target, String fingerprint) throws FerryException {
    Optional<Mount> mount = mounts.byId(target.mountId());
    if (mount.isEmpty()) {
      return;
    }
    UnderFileSystem ufs = mount.get().ufs();
    String uri = target.ufsUri();
    boolean deleted = ufsChange(uri, () -> ufs.getStatus(uri).filter(s -> s.fingerprint().equals(fingerprint))
        .isPresent() && ufs.deleteFile(uri));
    LOG.info("{} was deleted while it was persisted: its under-storage copy {} {}", target.path(), uri,
        deleted ? "is deleted" : "was replaced by another file's, which stays");
  }

  /**
   * Sets the time to live of a file or directory: when it ends, {@link TtlChecker}
   * frees or deletes it (a directory with all below it). 0 removes it.
   */
  public FileInfo setTtl(SetTtlRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    long ttlMs = request.getTtlMs();
    if (ttlMs < 0) {
      throw FerryException.invalidArgument("A time to live cannot be negative: " + ttlMs + " ms for " + path);
    }
    TtlAction action = ttlMs == 0 ? TtlAction.TTL_ACTION_UNSPECIFIED
        : request.getAction() == TtlAction.TTL_ACTION_UNSPECIFIED ? TtlAction.TTL_FREE : request.getAction();
    if (action == TtlAction.TTL_DELETE && (path.equals(FerryPath.ROOT) || mounts.mountAt(path).isPresent())) {
      throw FerryException.invalidArgument(path + " is the root or a mount point, which is never deleted: "
          + "give it a time to live that frees it, or set one on what is below it");
    }
    return locked(LockSet.writing(path), pass -> {
      InodeRecord inode = existing(path, false, pass);
      check("setTtl", path, PermissionChecker.WRITE, pass);
      InodeRecord updated = inode.toBuilder().setTtlExpiryMs(ttlMs == 0 ? 0 : clockMs.getAsLong() + ttlMs)
          .setTtlAction(action).build();
      if (!updated.equals(inode)) {
        mutation().upsert(updated).commit();
      }
      return infos.of(updated, path, false);
    });
  }

  /**
   * Pins (the workers never evict their blocks) or unpins a file, or a
   * directory and every loaded file and directory below it; what is created
   * or loaded below a pinned directory later is pinned too. A pin whose files
   * would not fit in the live workers' caches is refused ({@link PinCapacity});
   * pins are checked one at a time.
   */
  public FileInfo setPinned(SetPinnedRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    boolean pinned = request.getPinned();
    synchronized (pinCapacity) {
      return locked(LockSet.writing(path), pass -> {
        InodeRecord inode = existing(path, false, pass);
        check(pinned ? "pin" : "unpin", path, PermissionChecker.WRITE, pass);
        List<InodeRecord> changing = new ArrayList<>();
        pinnedNot(inode, pinned, changing);
        if (pinned) {
          pinCapacity.check(path, changing.stream().filter(i -> !i.getDirectory()).toList());
        }
        if (!changing.isEmpty()) {
          Mutation m = mutation();
          changing.forEach(i -> m.upsert(i.toBuilder().setPinned(pinned).build()));
          m.commit();
        }
        return infos.of(inode.toBuilder().setPinned(pinned).build(), path, false);
      });
    }
  }

  /** Adds to {@code out} the inode and the loaded ones below it whose pinned flag is not {@code pinned}. */
  private void pinnedNot(InodeRecord inode, boolean pinned, List<InodeRecord> out) {
    if (inode.getDirectory()) {
      for (InodeRecord child : sync.allChildren(inode.getId())) {
        pinnedNot(child, pinned, out);
      }
    }
    if (inode.getPinned() != pinned) {
      out.add(inode);
    }
  }

  /** The pinned files for a worker that has {@code version} of them; empty if that is the current one. */
  public Optional<PinnedFiles> pinnedFilesUnless(long version) {
    long current = store.pinsVersion(); // before the scan: a change meanwhile is sent again at the next heartbeat
    if (version == current) {
      return Optional.empty();
    }
    return Optional.of(PinnedFiles.newBuilder().setVersion(current)
        .addAllFileIds(store.pinnedFiles().stream().map(MetaStore.PinnedFile::id).toList()).build());
  }

  /** The path of an inode the namespace holds, if it still does. */
  public Optional<String> pathOf(long id) {
    return sync.pathOf(id);
  }

  public MountInfo mount(MountRequest request) throws FerryException {
    return mount(request, () -> false);
  }

  /**
   * Mounts a UFS. Its root is checked first, with no lock held and within
   * ferry.master.ufs.check.timeout: a slow or silent under storage holds up
   * no other operation. The mount is applied only if its caller still waits
   * for the answer ({@code callerGone} false): a mount whose client gave up
   * is never applied behind its back.
   */
  public MountInfo mount(MountRequest request, BooleanSupplier callerGone) throws FerryException {
    String path = FerryPath.normalize(request.getFerryPath());
    String uri = request.getUfsUri().trim();
    if (uri.isEmpty()) {
      throw FerryException.invalidArgument("Mount of " + path + " needs a UFS URI");
    }
    permissions.checkSuperuser("mount", path);
    MountOption.check(UnderFileSystems.backendOf(uri), request.getOptionsMap());
    mounts.credentials().checkStorable(request.getOptionsMap());
    MountOptions options = MountOptions.parse(request.getOptionsMap());
    mounts.checkConflicts(path, uri);
    checkUfsRoot(path, uri, options.ufsOptions());
    return exclusive(pass -> {
      mounts.checkConflicts(path, uri); // again: another mount may have been applied meanwhile
      if (callerGone.getAsBoolean()) {
        throw new FerryException(ErrorCode.DEADLINE_EXCEEDED,
            "Mount of " + uri + " at " + path + " not applied: its caller gave up before the under storage answered");
      }
      String parentPath = FerryPath.parent(path);
      InodeRecord parent = sync.lookup(parentPath, pass);
      if (parent == null) {
        throw new FerryException(ErrorCode.NOT_FOUND, "Cannot mount at " + path + ": " + parentPath + " does not exist");
      }
      if (!parent.getDirectory()) {
        throw FerryException.notADirectory(parentPath);
      }
      if (sync.child(parent, parentPath, FerryPath.name(path), pass) != null) {
        throw new FerryException(ErrorCode.ALREADY_EXISTS, "Cannot mount at " + path + ": it already exists");
      }
      Mutation m = mutation();
      long now = clockMs.getAsLong();
      MountRecord record = mounts.credentials().putOptions(MountRecord.newBuilder()
          .setMountId(m.newMountId())
          .setFerryPath(path)
          .setUfsUri(uri)
          .setReadOnly(request.getReadOnly()), request.getOptionsMap())
          .build();
      m.upsert(InodeRecord.newBuilder().setId(m.newInodeId()).setParentId(parent.getId())
              .setName(FerryPath.name(path)).setDirectory(true).setMode(DEFAULT_DIR_MODE).setMtimeMs(now)
              .setComplete(true).setPersisted(true).setReplication(options.replication()).setSyncedMs(now).build())
          .addMount(record)
          .commit();
      LOG.info("Mounted {} at {} (options {}{})", uri, path, MountCredentials.masked(record),
          request.getReadOnly() ? ", read-only" : "");
      return mountInfo(record, MountCredentials.masked(record));
    });
  }

  /**
   * The UFS root of a new mount must exist and be a directory; any failure to
   * reach it (credentials, a missing bucket, an unreachable endpoint) names
   * the mount and keeps the UFS's own error code.
   */
  private void checkUfsRoot(String path, String uri, Map<String, String> ufsOptions) throws FerryException {
    String prefix = "Cannot mount " + uri + " at " + path + ": ";
    try {
      Optional<UfsStatus> status = ufsChecks.run("the under storage" + endpointOf(ufsOptions), () -> {
        try (UnderFileSystem ufs = ufsOpener.open(uri, ufsOptions)) {
          return ufs.getStatus(uri);
        }
      });
      if (status.isEmpty()) {
        throw new FerryException(ErrorCode.NOT_FOUND, prefix + "it does not exist");
      }
      if (!status.get().directory()) {
        throw new FerryException(ErrorCode.NOT_FOUND, prefix + "it is not a directory");
      }
    } catch (FerryException e) {
      throw e.getMessage().startsWith(prefix) ? e : new FerryException(e.code(), prefix + e.getMessage(), e);
    }
  }

  /** " at ENDPOINT" when the mount names one (s3.endpoint, azure.endpoint: never a secret). */
  private static String endpointOf(Map<String, String> ufsOptions) {
    return ufsOptions.entrySet().stream().filter(e -> e.getKey().endsWith(".endpoint"))
        .map(e -> " at " + e.getValue().trim()).findFirst().orElse("");
  }

  public void unmount(String ferryPath) throws FerryException {
    String path = FerryPath.normalize(ferryPath);
    if (path.equals(FerryPath.ROOT)) {
      throw FerryException.invalidArgument("Cannot unmount the root mount /");
    }
    permissions.checkSuperuser("unmount", path);
    exclusive(pass -> {
      Mount mount = mounts.mountAt(path)
          .orElseThrow(() -> FerryException.invalidArgument("Cannot unmount " + path + ": it is not a mount point"));
      List<String> nested = mounts.mountPointsBelow(path);
      if (!nested.isEmpty()) {
        throw new FerryException(ErrorCode.MOUNT_CONFLICT,
            "Cannot unmount " + path + ": mounts below it must be unmounted first: " + nested);
      }
      InodeRecord inode = sync.lookup(path, pass);
      Mutation m = mutation();
      if (inode != null) {
        deleteSubtree(inode, m);
      }
      m.removeMount(mount.id()).commit();
      LOG.info("Unmounted {} from {}", mount.ufsUri(), path);
      return null;
    });
  }

  /** The mount table, options masked. */
  public List<MountInfo> mountTable() {
    return mounts.all().stream()
        .sorted(Comparator.comparing(Mount::ferryPath))
        .map(mount -> mountInfo(mount.record(), MountCredentials.masked(mount.record())))
        .toList();
  }

  /** One mount with its options unmasked: for workers only. */
  public MountInfo mountForWorker(long mountId) throws FerryException {
    Mount mount = mounts.byId(mountId)
        .orElseThrow(() -> new FerryException(ErrorCode.NOT_FOUND, "No mount with id " + mountId));
    return mountInfo(mount.record(), mount.optionsWithCredentials());
  }

  /**
   * Rewrites the mounts stored before credentials were encrypted with their
   * credentials encrypted: the leader, at start. (Their old bytes stay in
   * the metastore's files until RocksDB compacts them away.)
   */
  public void encryptStoredCredentials() throws FerryException {
    exclusive(pass -> {
      for (Mount mount : mounts.all()) {
        if (MountCredentials.inClearText(mount.record())) {
          mutation().addMount(mounts.credentials().encrypted(mount.record())).commit();
          LOG.info("Encrypted the stored credentials of the mount {}", mount.ferryPath());
        }
      }
      return null;
    });
  }

  /** True if the id is a file of the namespace (blocks of other ids are stale). */
  public boolean isFile(long fileId) {
    return store.inode(fileId).map(i -> !i.getDirectory()).orElse(false);
  }

  public long inodeCount() {
    return store.inodeCount();
  }

  /** This master now leads: it takes the next ids from the entries the previous leader applied. */
  public void becameLeader() throws FerryException {
    exclusive(pass -> {
      ids.reload(store);
      return null;
    });
  }

  /**
   * Forgets the request ids applied before {@code beforeMs}, at most {@code limit}, the oldest first
   * ({@link RequestIdExpiry}); how many it forgot.
   */
  int forgetRequestsDoneBefore(long beforeMs, int limit) throws FerryException {
    List<RequestDone> expired = store.requestsDoneBefore(beforeMs, limit);
    if (!expired.isEmpty()) {
      mutation().forgetRequests(expired).commit();
    }
    return expired.size();
  }

  /** A retried mutation that was already applied (by its request id): the inode it produced. */
  private Optional<Long> applied(String requestId) {
    return requestId.isEmpty() ? Optional.empty() : store.requestResult(requestId);
  }

  private static MountInfo mountInfo(MountRecord r, Map<String, String> options) {
    return MountInfo.newBuilder()
        .setMountId(r.getMountId())
        .setFerryPath(r.getFerryPath())
        .setUfsUri(r.getUfsUri())
        .putAllOptions(options)
        .setReadOnly(r.getReadOnly())
        .build();
  }

  /** The inode at a path, re-synced when stale or asked; NOT_FOUND if there is none. */
  private InodeRecord existing(String path, boolean forceSync, Pass pass) throws FerryException {
    InodeRecord inode = sync.lookup(path, pass);
    if (inode != null) {
      inode = sync.refresh(inode, path, forceSync, pass);
    }
    if (inode == null) {
      throw FerryException.notFound(path);
    }
    return inode;
  }

  /** Checks the caller may do {@code access} on {@code path}, as far as it exists, and traverse its ancestors. */
  private void check(String op, String path, int access, Pass pass) throws FerryException {
    if (permissions.active()) {
      permissions.check(op, path, chain(path, pass), access);
    }
  }

  /** The inodes from '/' along {@code path}, as far as they exist (a file ends it). */
  private List<InodeRecord> chain(String path, Pass pass) throws FerryException {
    List<InodeRecord> chain = new ArrayList<>();
    InodeRecord cur = sync.root();
    String curPath = FerryPath.ROOT;
    chain.add(cur);
    for (String name : FerryPath.components(path)) {
      cur = cur.getDirectory() ? sync.child(cur, curPath, name, pass) : null;
      if (cur == null) {
        break;
      }
      chain.add(cur);
      curPath = FerryPath.join(curPath, name);
    }
    return chain;
  }

  /** Removing (or moving away) an entry takes write on its directory, and its ownership in a sticky one. */
  private void checkRemovable(String op, String path, InodeRecord inode, Pass pass) throws FerryException {
    if (permissions.active()) {
      String parentPath = FerryPath.parent(path);
      List<InodeRecord> parentChain = chain(parentPath, pass);
      permissions.check(op, parentPath, parentChain, PermissionChecker.WRITE | PermissionChecker.EXECUTE);
      permissions.checkSticky(op, path, parentChain.get(parentChain.size() - 1), inode);
    }
  }

  /**
   * A recursive delete empties every directory below: it takes write and
   * execute on each (as in HDFS), of those the namespace has loaded.
   */
  private void checkSubtreeWritable(String path, InodeRecord dir) throws FerryException {
    if (!permissions.active()) {
      return;
    }
    List<InodeRecord> children = sync.allChildren(dir.getId());
    if (!children.isEmpty()) {
      permissions.checkAccess("delete", path, dir, PermissionChecker.WRITE | PermissionChecker.EXECUTE);
    }
    for (InodeRecord child : children) {
      if (child.getDirectory()) {
        checkSubtreeWritable(FerryPath.join(path, child.getName()), child);
      }
    }
  }

  private static void checkWritable(Mount mount, String path) throws FerryException {
    if (mount.readOnly()) {
      throw new FerryException(ErrorCode.PERMISSION_DENIED,
          "Cannot change " + path + ": the mount at " + mount.ferryPath() + " is read-only");
    }
  }

  private void checkNoMountsBelow(String path, String what) throws FerryException {
    List<String> below = mounts.mountPointsBelow(path);
    if (!below.isEmpty()) {
      throw mountInTheWay("Cannot " + what + " " + path + ": it holds mount points " + below
          + ", unmount them first");
    }
  }

  /** A mount point stands in the way of a change (EBUSY through FUSE, as for a mount point in POSIX). */
  private static FerryException mountInTheWay(String message) {
    return new FerryException(ErrorCode.MOUNT_CONFLICT, message);
  }

  @FunctionalInterface
  interface Op<T> {
    T run(Pass pass) throws FerryException;
  }

  /**
   * Runs under the locks of {@code paths}; if that run needs the exclusive
   * pass, runs again with the namespace alone. Returns once what it wrote is
   * durable (waiting outside the locks: group commit).
   */
  private <T> T locked(LockSet paths, Op<T> op) throws FerryException {
    return lockedNotYetDurable(paths, op).durableResult();
  }

  /** {@link #locked}, returning before what it wrote is durable: with the wait that makes it so. */
  private <T> Written<T> lockedNotYetDurable(LockSet paths, Op<T> op) throws FerryException {
    for (Pass pass = Pass.first(Pass.Level.LOCKED); ; pass = pass.lockedAgain()) {
      T result;
      try {
        try (NamespaceLocks.Held held = locks.lock(paths)) {
          result = op.run(pass);
        } catch (PassTooWeak e) {
          try (NamespaceLocks.Held held = locks.lockExclusive()) {
            result = op.run(pass.exclusiveAfter());
          }
        }
      } catch (UfsAnswerMissing e) {
        continue; // what the exclusive run committed stays; the next locked run asks the UFS for the rest
      }
      return new Written<>(result, journal.pendingDurable());
    }
  }

  /** Runs with the namespace alone: structural changes (mounts, taking the lead). */
  private <T> T exclusive(Op<T> op) throws FerryException {
    T result;
    try (NamespaceLocks.Held held = locks.lockExclusive()) {
      result = op.run(Pass.first(Pass.Level.EXCLUSIVE));
    }
    journal.awaitDurable();
    return result;
  }
}
