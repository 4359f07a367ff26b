package io.ferry.master.namespace;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.Mount;
import io.ferry.master.mount.MountTable;
import io.ferry.proto.FileInfo;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The listing of a directory whose children are stale, streamed from the UFS: each page the UFS
 * answers is applied (one journal batch) and then answered, so the client has its first entries
 * before the rest of the directory is listed, and the master never holds a directory of names.
 *
 * <p>A page is applied like {@code CreateFiles}: the directory read-locked, each name it covers
 * (the UFS's names and the stored children in its name range) write-locked, so operations on the
 * directory's other children, and on other paths, go on meanwhile. A child created after those
 * names were taken is not locked and is left alone, as is a child synced after the page was listed
 * ({@link UfsMetadataSync#applyListing}). The directory counts as synced (its children's sync
 * time) only once its last page is applied, with the time its first page was asked for.
 *
 * <p>A page is answered only once its batch is durable; its WAL sync runs on another thread while
 * the next page is applied, if the UFS has listed that page already, so the listing does not wait for
 * one sync per page; else the page is answered while the UFS lists the next.
 */
final class StreamedUfsListing {
  /** Runs {@code op} under the locks of {@code paths}; what it wrote is durable once its wait returns. */
  @FunctionalInterface
  interface Locking {
    <T> Written<T> locked(LockSet paths, FileSystemMaster.Op<T> op) throws FerryException;
  }

  private final MetaStore store;
  private final MountTable mounts;
  private final UfsMetadataSync sync;
  private final FileInfos infos;
  private final Supplier<Mutation> mutations;
  private final Locking locking;
  private final SyncClock clock;
  private final int ufsPageSize;
  /** Lists the next page of the UFS. */
  private final ExecutorService prefetch = daemonThreads("ufs-listing-prefetch");
  /** Makes an applied page durable while the next one is applied. */
  private final ExecutorService walSync = daemonThreads("listing-wal-sync");

  StreamedUfsListing(MetaStore store, MountTable mounts, UfsMetadataSync sync, FileInfos infos,
      Supplier<Mutation> mutations, Locking locking, SyncClock clock, int ufsPageSize) {
    this.store = store;
    this.mounts = mounts;
    this.sync = sync;
    this.infos = infos;
    this.mutations = mutations;
    this.locking = locking;
    this.clock = clock;
    this.ufsPageSize = ufsPageSize;
  }

  /** Threads of that name, as many as are busy; idle ones end after a minute. */
  private static ExecutorService daemonThreads(String name) {
    return Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Lists {@code dir} at {@code path} from the UFS, handing its entries to {@code out} a page at a time. */
  void list(InodeRecord dir, String path, ListingPages out) throws FerryException {
    long startedMs = clock.listingStartMs();
    String after = "";
    UfsPage page = locking.locked(LockSet.reading(path), pass -> listPage(dir, path, null)).result();
    Future<UfsPage> next = null;
    Future<List<FileInfo>> previous = null; // the page applied last, answered once durable
    try {
      while (true) {
        // the next page is listed (another thread, the directory read-locked) while this one is applied
        String token = page.nextToken();
        next = token == null ? null : prefetch.submit(() -> locking.locked(LockSet.reading(path),
            pass -> listPage(dir, path, token)).result()); // reads only: nothing to make durable
        NameRange range = new NameRange(after, token == null ? null : page.lastName(after));
        LockSet names = lockSet(dir, path, page, range);
        UfsPage applied = page;
        Written<List<FileInfo>> written = locking.locked(names, pass -> apply(dir, path, applied, range, names));
        // its WAL sync runs while the next page is applied; the page before it is answered meanwhile
        Future<List<FileInfo>> durable = walSync.submit(written::durableResult);
        if (previous != null) {
          out.add(await(previous));
        }
        previous = durable;
        if (next == null) {
          break;
        }
        if (!next.isDone()) {
          // the UFS is behind: this page goes out while it lists, not after (a slow UFS's first entries)
          out.add(await(previous));
          previous = null;
        }
        after = range.upTo();
        page = await(next);
      }
      out.add(await(previous));
    } finally {
      if (next != null) {
        next.cancel(false); // a listing that failed half-way does not wait for its next page
      }
    }
    locking.locked(LockSet.writing(path), pass -> markSynced(dir, path, startedMs)).durableResult();
    out.flush();
  }

  private static <T> T await(Future<T> page) throws FerryException {
    try {
      return page.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while listing the under storage", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof FerryException f) {
        throw f;
      }
      throw new IllegalStateException("Listing or syncing a page failed: " + e.getCause(), e.getCause());
    }
  }

  /** One page of the UFS listing, under the directory's read lock (its mount cannot change meanwhile). */
  private UfsPage listPage(InodeRecord dir, String path, String token) throws FerryException {
    Mount mount = sameDirectory(dir, path);
    String uri = mount.ufsUri(path);
    long startedMs = clock.listingStartMs();
    UfsListing listing = UfsCall.run(uri, () -> mount.ufs().list(uri, token, ufsPageSize));
    Map<String, UfsStatus> entries = new LinkedHashMap<>();
    listing.entries().forEach(s -> entries.put(s.name(), s));
    return new UfsPage(mount.id(), new UfsMetadataSync.Listed(startedMs, entries), listing.nextPageToken());
  }

  /** Read locks on the directory, write locks on the names the page may change. */
  private LockSet lockSet(InodeRecord dir, String path, UfsPage page, NameRange range) {
    LockSet set = LockSet.reading(path);
    page.listed().entries().keySet().forEach(name -> set.alsoWriting(FerryPath.join(path, name)));
    forEachStored(dir.getId(), range, child -> set.alsoWriting(FerryPath.join(path, child.getName())));
    return set;
  }

  /** Applies one page under the locks of {@code held} ({@link #lockSet}) and returns the entries of its range. */
  private List<FileInfo> apply(InodeRecord dir, String path, UfsPage page, NameRange range, LockSet held)
      throws FerryException {
    Mount mount = sameDirectory(dir, path);
    if (mount.id() != page.mountId()) {
      throw changedDuringListing(path);
    }
    Mutation m = mutations.get();
    List<InodeRecord> children = sync.applyListing(dir, path, mount, page.listed(), range,
        name -> held.writes(FerryPath.join(path, name)), m);
    if (!m.isEmpty()) {
      m.commit();
    }
    Function<InodeRecord, FileInfo> entry = infos.childrenOf(path);
    List<FileInfo> entries = new ArrayList<>(children.size());
    children.forEach(child -> entries.add(entry.apply(child)));
    return entries;
  }

  private Void markSynced(InodeRecord dir, String path, long startedMs) throws FerryException {
    sameDirectory(dir, path);
    InodeRecord now = store.inode(dir.getId()).orElseThrow(() -> changedDuringListing(path));
    mutations.get().upsert(now.toBuilder().setChildrenSyncedMs(startedMs).build()).commit();
    return null;
  }

  /** The directory's mount, checking the path still names the directory the listing began with. */
  private Mount sameDirectory(InodeRecord dir, String path) throws FerryException {
    if (!sync.storedId(path).equals(Optional.of(dir.getId()))) {
      throw changedDuringListing(path);
    }
    return mounts.mountOf(path);
  }

  private static FerryException changedDuringListing(String path) {
    return new FerryException(ErrorCode.NOT_FOUND,
        "Directory " + path + " was removed, renamed or remounted while it was listed: list it again");
  }

  private void forEachStored(long dirId, NameRange range, Consumer<InodeRecord> action) {
    for (String after = range.after(); ; ) {
      List<InodeRecord> page = store.children(dirId, after, ufsPageSize);
      for (InodeRecord child : page) {
        if (!range.contains(child.getName())) {
          return;
        }
        action.accept(child);
      }
      if (page.size() < ufsPageSize) {
        return;
      }
      after = page.get(page.size() - 1).getName();
    }
  }

  /** A page of the UFS listing, the mount it was listed from, and the token of the next page (null: last). */
  private record UfsPage(long mountId, UfsMetadataSync.Listed listed, String nextToken) {
    /** The page's last name in the metastore's order; {@code after} for an empty page. */
    String lastName(String after) {
      String last = after;
      for (String name : listed.entries().keySet()) {
        if (NameRange.compare(name, last) > 0) {
          last = name;
        }
      }
      return last;
    }
  }
}
