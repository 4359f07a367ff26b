package io.ferry.master.namespace;

import io.ferry.common.FerryPath;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.Mount;
import io.ferry.master.mount.MountTable;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Path resolution with lazy loading from the UFS, and the re-sync of
 * entries and directory listings with it. Every method takes the
 * operation's {@link Pass}: UFS calls need {@link Pass#LOCKED}, and changing
 * the namespace (a load, a re-sync that found a difference) needs
 * {@link Pass#EXCLUSIVE}, since it changes paths the operation only
 * read-locked; a weaker pass throws {@link PassTooWeak} instead.
 */
final class UfsMetadataSync {
  static final long ROOT_ID = 1;
  private static final int SCAN_PAGE = 1000;

  private final MetaStore store;
  private final MountTable mounts;
  private final NamespaceConfig config;
  private final SyncClock clock;
  private final Supplier<Mutation> mutations;
  private final SyncTimes syncTimes = new SyncTimes();

  /** A directory's UFS listing by name, and when it began. */
  record Listed(long startedMs, Map<String, UfsStatus> entries) {}

  UfsMetadataSync(MetaStore store, MountTable mounts, NamespaceConfig config, SyncClock clock,
      Supplier<Mutation> mutations) {
    this.store = store;
    this.mounts = mounts;
    this.config = config;
    this.clock = clock;
    this.mutations = mutations;
  }

  InodeRecord root() {
    return store.inode(ROOT_ID).orElseThrow(() -> new IllegalStateException("The root inode is missing"));
  }

  /** The inode at a path (loading missing components from the UFS), or null; NOT_A_DIRECTORY if a parent is a file. */
  InodeRecord lookup(String path, Pass pass) throws FerryException {
    InodeRecord cur = root();
    String curPath = FerryPath.ROOT;
    for (String name : FerryPath.components(path)) {
      if (!cur.getDirectory()) {
        throw FerryException.notADirectory(curPath);
      }
      cur = child(cur, curPath, name, pass);
      if (cur == null) {
        return null;
      }
      curPath = FerryPath.join(curPath, name);
    }
    return cur;
  }

  /** A directory's child by name, loaded from the UFS if it is only there; null if none. */
  InodeRecord child(InodeRecord dir, String dirPath, String name, Pass pass) throws FerryException {
    Optional<Long> id = store.childId(dir.getId(), name);
    if (id.isPresent()) {
      return store.inode(id.get()).orElse(null);
    }
    String path = FerryPath.join(dirPath, name);
    Mount mount = mounts.mountOf(path);
    if (!dir.getPersisted() || !isStale(dir.getChildrenSyncedMs(), mount)) {
      return null; // a fresh listing of the directory is authoritative
    }
    String uri = mount.ufsUri(path);
    Optional<UfsStatus> status = pass.status(uri, () -> UfsCall.run(uri, () -> mount.ufs().getStatus(uri)));
    if (status.isEmpty()) {
      return null; // not there either: creating it here is common, and needs no exclusive pass
    }
    pass.require(Pass.Level.EXCLUSIVE);
    Mutation m = mutations.get();
    InodeRecord loaded = fromUfs(m.newInodeId(), dir.getId(), name, status.get(), mount, dir);
    m.upsert(loaded).commit();
    return loaded;
  }

  /**
   * Re-checks one entry against the UFS when forced or stale: a changed file
   * gets its new length/fingerprint and loses its cached blocks, a vanished
   * entry is removed (null is returned).
   */
  InodeRecord refresh(InodeRecord inode, String path, boolean force, Pass pass) throws FerryException {
    Mount mount = mounts.mountOf(path);
    if (!inode.getPersisted() || !inode.getComplete() || mount.ferryPath().equals(path)
        || (!force && !isStale(syncTimes.lastSyncedMs(inode), mount))) {
      return inode;
    }
    String uri = mount.ufsUri(path);
    Optional<UfsStatus> status = pass.status(uri, () -> UfsCall.run(uri, () -> mount.ufs().getStatus(uri)));
    Mutation m = mutations.get();
    InodeRecord result = status.isEmpty() ? removeVanished(inode, path, m)
        : reconcile(inode, path, status.get(), mount, m);
    if (result == inode && !isZero(mount)) {
      syncTimes.foundUnchanged(inode.getId(), clock.stampMs());
    }
    if (!m.isEmpty()) {
      pass.require(Pass.Level.EXCLUSIVE); // only a found change needs the namespace alone
      m.commit();
    }
    return result;
  }

  /** Lists a directory from the UFS when forced or stale and reconciles its children; returns the directory. */
  InodeRecord syncChildren(InodeRecord dir, String path, boolean force, Pass pass) throws FerryException {
    if (!needsListing(dir, path, force)) {
      return dir;
    }
    Mount mount = mounts.mountOf(path);
    String uri = mount.ufsUri(path);
    if (pass.wasListingApplied(uri)) {
      return dir; // by an exclusive run of this operation, which handed it back to path locks
    }
    // listed under path locks only: Ferry may change children before the listing is applied, and
    // what it changed since the listing began is newer than the listing
    Listed listed = pass.listing(uri, () -> listUfs(mount, uri));
    pass.require(Pass.Level.EXCLUSIVE);
    Mutation m = mutations.get();
    applyListing(dir, path, mount, listed, NameRange.ALL, name -> true, m);
    InodeRecord synced = dir.toBuilder().setChildrenSyncedMs(clock.stampMs()).build();
    m.upsert(synced).commit();
    pass.listingApplied(uri);
    return synced;
  }

  /** True if listing {@code dir} must first list it from the UFS: forced, or its children are stale. */
  boolean needsListing(InodeRecord dir, String path, boolean force) {
    return dir.getPersisted() && (force || isStale(dir.getChildrenSyncedMs(), mounts.mountOf(path)));
  }

  /**
   * Adds to {@code m} what brings the children of {@code dir} named in {@code range} in line with
   * the listing of that range: changed entries re-synced, vanished ones removed, new ones created.
   * Children {@code mayChange} rejects (another operation's), mount points, entries Ferry has not
   * persisted yet, and children synced since the listing began are left alone. Returns the
   * children of the range as {@code m} leaves them, in name order.
   */
  List<InodeRecord> applyListing(InodeRecord dir, String path, Mount mount, Listed listed, NameRange range,
      Predicate<String> mayChange, Mutation m) {
    Map<String, UfsStatus> inUfs = listed.entries();
    Set<String> known = new HashSet<>();
    List<InodeRecord> result = new ArrayList<>();
    for (String after = range.after(); ; ) {
      List<InodeRecord> page = store.children(dir.getId(), after, SCAN_PAGE);
      for (InodeRecord child : page) {
        if (!range.contains(child.getName())) {
          page = List.of();
          break;
        }
        known.add(child.getName());
        String childPath = FerryPath.join(path, child.getName());
        InodeRecord left = child;
        if (mayChange.test(child.getName()) && !mounts.mountAt(childPath).isPresent() && child.getPersisted()
            && child.getComplete() && syncTimes.lastSyncedMs(child) < listed.startedMs()) {
          // (mount points belong to their own UFS; unpersisted entries are Ferry's own)
          UfsStatus status = inUfs.get(child.getName());
          left = status == null ? removeVanished(child, childPath, m) : reconcile(child, childPath, status, mount, m);
        }
        if (left != null) {
          result.add(left);
        }
      }
      if (page.size() < SCAN_PAGE) {
        break;
      }
      after = page.get(page.size() - 1).getName();
    }
    inUfs.forEach((name, status) -> {
      // a name outside the range (a UFS whose order differs from the metastore's) is looked up
      boolean isNew = !known.contains(name) && (range.contains(name) || store.childId(dir.getId(), name).isEmpty());
      if (isNew && mayChange.test(name)) {
        InodeRecord created = fromUfs(m.newInodeId(), dir.getId(), name, status, mount, dir);
        m.upsert(created);
        result.add(created);
      }
    });
    result.sort(Comparator.comparing(InodeRecord::getName, NameRange::compare)); // two sorted runs: one merge
    return result;
  }

  /** Adds to {@code m} the changes that bring a persisted entry in line with its UFS status; returns the result. */
  private InodeRecord reconcile(InodeRecord inode, String path, UfsStatus status, Mount mount, Mutation m) {
    if (status.directory() != inode.getDirectory()) {
      if (removeVanished(inode, path, m) != null) {
        return inode; // unpersisted entries below it keep the old directory
      }
      InodeRecord replaced = fromUfs(m.newInodeId(), inode.getParentId(), inode.getName(), status, mount, inode);
      m.upsert(replaced);
      return replaced;
    }
    if (inode.getDirectory() || status.fingerprint().equals(inode.getUfsFingerprint())) {
      return inode;
    }
    InodeRecord changed = inode.toBuilder()
        .setLength(status.length())
        .setMtimeMs(status.mtimeMs())
        .setUfsFingerprint(status.fingerprint())
        .setSyncedMs(clock.stampMs())
        .build();
    m.upsert(changed).dropBlocks(inode.getId());
    return changed;
  }

  /**
   * Removes an entry gone from the UFS with its persisted descendants; a
   * directory that still holds unpersisted entries or mount points stays.
   * Returns null if the entry was removed, else the entry.
   */
  private InodeRecord removeVanished(InodeRecord inode, String path, Mutation m) {
    if (!inode.getPersisted() || !inode.getComplete() || mounts.mountAt(path).isPresent()) {
      return inode;
    }
    boolean keep = false;
    if (inode.getDirectory()) {
      for (InodeRecord child : allChildren(inode.getId())) {
        keep |= removeVanished(child, FerryPath.join(path, child.getName()), m) != null;
      }
    }
    if (keep) {
      return inode;
    }
    m.delete(inode);
    return null;
  }

  /** The id at a path from the metastore alone (no UFS call), or empty. */
  Optional<Long> storedId(String path) {
    Optional<Long> id = Optional.of(ROOT_ID);
    for (String name : FerryPath.components(path)) {
      id = store.childId(id.get(), name);
      if (id.isEmpty()) {
        return id;
      }
    }
    return id;
  }

  /** The path of an inode from its parents in the metastore; empty if it or a parent is gone. */
  Optional<String> pathOf(long id) {
    List<String> names = new java.util.ArrayList<>();
    for (long cur = id; cur != ROOT_ID; ) {
      Optional<InodeRecord> inode = store.inode(cur);
      if (inode.isEmpty()) {
        return Optional.empty();
      }
      names.add(inode.get().getName());
      cur = inode.get().getParentId();
    }
    java.util.Collections.reverse(names);
    return Optional.of("/" + String.join("/", names));
  }

  /** Every child of a directory, read page by page. */
  List<InodeRecord> allChildren(long dirId) {
    List<InodeRecord> out = new java.util.ArrayList<>();
    for (String after = ""; ; ) {
      List<InodeRecord> page = store.children(dirId, after, SCAN_PAGE);
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      after = page.get(page.size() - 1).getName();
    }
  }

  private Listed listUfs(Mount mount, String uri) throws FerryException {
    long startedMs = clock.listingStartMs();
    Map<String, UfsStatus> out = new LinkedHashMap<>(); // by name, in the UFS's (sorted) order: no re-sort
    String token = null;
    do {
      String t = token;
      UfsListing page = UfsCall.run(uri, () -> mount.ufs().list(uri, t, config.listingPageSize()));
      page.entries().forEach(s -> out.put(s.name(), s));
      token = page.nextPageToken();
    } while (token != null);
    return new Listed(startedMs, out);
  }

  /**
   * A new inode for a UFS entry; its replication factor and pinned flag come
   * from {@code inheritFrom}, its directory (or the inode it replaces).
   */
  InodeRecord fromUfs(long id, long parentId, String name, UfsStatus s, Mount mount, InodeRecord inheritFrom) {
    InodeRecord.Builder b = InodeRecord.newBuilder()
        .setId(id)
        .setParentId(parentId)
        .setName(name)
        .setDirectory(s.directory())
        .setLength(s.directory() ? 0 : s.length())
        .setBlockSize(blockSize(mount, 0))
        .setMtimeMs(s.mtimeMs())
        .setOwner(nullToEmpty(s.owner()))
        .setGroup(nullToEmpty(s.group()))
        .setMode(s.mode())
        .setUfsFingerprint(nullToEmpty(s.fingerprint()))
        .setComplete(true)
        .setPersisted(true)
        .setReplication(Math.max(1, inheritFrom.getReplication()))
        .setPinned(inheritFrom.getPinned())
        .setSyncedMs(clock.stampMs());
    return (s.directory() ? b : mount.withTtl(b, clock.stampMs())).build();
  }

  /** The block size of a new file: requested, else the mount's, else the configured default. */
  long blockSize(Mount mount, long requested) {
    if (requested > 0) {
      return requested;
    }
    return mount.blockSize() > 0 ? mount.blockSize() : config.defaultBlockSize();
  }

  private boolean isStale(long syncedMs, Mount mount) {
    return syncedMs == 0 || clock.stampMs() - syncedMs >= syncIntervalMs(mount);
  }

  /** With a zero interval every access re-checks, so recording the sync time is useless work. */
  private boolean isZero(Mount mount) {
    return syncIntervalMs(mount) == 0;
  }

  private long syncIntervalMs(Mount mount) {
    return mount.syncInterval(config.defaultSyncInterval()).toMillis();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
