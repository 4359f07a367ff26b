package io.ferry.master.metastore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.master.journal.proto.RequestDone;
import io.ferry.proto.LoadJobInfo;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The master's RocksDB: inodes by id, directory edges, mounts and counters,
 * with a bounded Caffeine cache in front of inode reads. Read-only to
 * everyone but {@link MetaStateMachine}, which writes through {@link #write}.
 */
public final class MetaStore implements Closeable {
  static {
    RocksDB.loadLibrary();
  }

  private static final BloomFilter BLOOM_FILTER = new BloomFilter(10, false);

  private final Path dir;
  private final Options options;
  private volatile RocksDB db;
  private final WriteOptions writeOptions;
  /** Present = the stored record; empty = known absent. */
  private final Cache<Long, Optional<InodeRecord>> inodeCache;
  /** A path lookup reads one edge per component: child id by (parent id, name); empty = no such child. */
  private final Cache<Edge, Optional<Long>> edgeCache;

  /**
   * The first {@link #CACHED_PAGE} children of hot directories, by directory
   * id, weighed by their number: listing a directory of up to a page is one
   * cache read; dropped whenever a child of the directory changes.
   */
  private final Cache<Long, List<InodeRecord>> firstPages;
  static final int CACHED_PAGE = 1000;

  /** A directory edge: the child named {@code name} of directory {@code parentId}. */
  public record Edge(long parentId, String name) {}

  /** A pinned file: its id, and its length and replication factor (what its cached copies take). */
  public record PinnedFile(long id, long length, int replication) {}

  /**
   * Changes whenever a file is pinned or unpinned, so workers fetch the pinned
   * files only then; starts at a random value so a restarted master's differs
   * from what workers got from its previous run (or from another master).
   */
  private final AtomicLong pinsVersion = new AtomicLong(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));

  private MetaStore(Path dir, Options options, RocksDB db, int cacheSize) {
    this.dir = dir;
    this.options = options;
    this.db = db;
    this.writeOptions = new WriteOptions();
    this.inodeCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    this.edgeCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
    this.firstPages = Caffeine.newBuilder().maximumWeight(cacheSize)
        .weigher((Long directory, List<InodeRecord> page) -> Math.max(1, page.size())).build();
  }

  /**
   * Opens (creating if needed) the metastore in {@code dir}; fails naming
   * the directory. Writes are not synced one by one: they are made durable
   * by a shared {@link #syncWal} (one master) or by the Ratis log before they
   * are applied (HA); either way a write survives a killed process, as it is
   * in the OS's cache when {@link #write} returns.
   */
  public static MetaStore open(Path dir, int inodeCacheSize) throws FerryException {
    // Bloom filters: most lookups of a create or a retried request are for keys that are absent.
    // The options own the filter's native handle for the life of the process.
    Options options = new Options().setCreateIfMissing(true)
        .setTableFormatConfig(new BlockBasedTableConfig().setFilterPolicy(BLOOM_FILTER));
    try {
      Files.createDirectories(dir);
      return new MetaStore(dir, options, RocksDB.open(options, dir.toString()), inodeCacheSize);
    } catch (IOException | RocksDBException e) {
      options.close();
      throw new FerryException(ErrorCode.INTERNAL, "Cannot open the metastore in " + dir + ": " + e.getMessage(), e);
    }
  }

  public Optional<InodeRecord> inode(long id) {
    return inodeCache.get(id, this::readInode);
  }

  private Optional<InodeRecord> readInode(long id) {
    byte[] v = get(Keys.inode(id));
    return v == null ? Optional.empty() : Optional.of(parse(v, InodeRecord.parser()));
  }

  /** The id of a directory's child, or empty. */
  public Optional<Long> childId(long parentId, String name) {
    return edgeCache.get(new Edge(parentId, name), this::readEdge);
  }

  private Optional<Long> readEdge(Edge edge) {
    byte[] v = get(Keys.edge(edge.parentId(), edge.name()));
    return v == null ? Optional.empty() : Optional.of(Keys.toLong(v));
  }

  /** Up to {@code limit} children of a directory, in name order, after {@code startAfter} ("" = from the first). */
  public List<InodeRecord> children(long parentId, String startAfter, int limit) {
    if (startAfter.isEmpty() && limit <= CACHED_PAGE) {
      List<InodeRecord> first = firstPages.get(parentId, dir -> List.copyOf(readChildren(dir, "", CACHED_PAGE)));
      return first.size() <= limit ? first : first.subList(0, limit);
    }
    return readChildren(parentId, startAfter, limit);
  }

  private List<InodeRecord> readChildren(long parentId, String startAfter, int limit) {
    List<InodeRecord> out = new ArrayList<>();
    byte[] prefix = Keys.edgePrefix(parentId);
    try (RocksIterator it = db.newIterator()) {
      it.seek(Keys.edge(parentId, startAfter));
      for (; it.isValid() && out.size() < limit && Keys.hasPrefix(it.key(), prefix); it.next()) {
        if (!startAfter.isEmpty() && Keys.edgeName(it.key()).equals(startAfter)) {
          continue;
        }
        inode(Keys.toLong(it.value())).ifPresent(out::add);
      }
    }
    return out;
  }

  public boolean hasChildren(long parentId) {
    return !children(parentId, "", 1).isEmpty();
  }

  public List<MountRecord> mounts() {
    return records(Keys.mountPrefix(), MountRecord.parser());
  }

  /** The ids of the files not yet complete, lowest first. */
  public List<Long> incompleteFileIds() {
    return idsWithPrefix(Keys.incompletePrefix());
  }

  /** The ids of the files whose persist job is pending, lowest first. */
  public List<Long> persistPendingIds() {
    return idsWithPrefix(Keys.persistPendingPrefix());
  }

  private List<Long> idsWithPrefix(byte[] prefix) {
    List<Long> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && Keys.hasPrefix(it.key(), prefix); it.next()) {
        out.add(ByteBuffer.wrap(it.key(), 1, 8).getLong());
      }
    }
    return out;
  }

  /** The inodes whose time to live ended at or before {@code nowMs}, the earliest first, at most {@code limit}. */
  public List<Long> expiredTtlIds(long nowMs, int limit) {
    List<Long> out = new ArrayList<>();
    byte[] prefix = Keys.ttlPrefix();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && Keys.hasPrefix(it.key(), prefix) && out.size() < limit; it.next()) {
        ByteBuffer key = ByteBuffer.wrap(it.key(), 1, 16);
        if (key.getLong() > nowMs) {
          break;
        }
        out.add(key.getLong());
      }
    }
    return out;
  }

  /** Every pinned file, lowest id first. */
  public List<PinnedFile> pinnedFiles() {
    List<PinnedFile> out = new ArrayList<>();
    byte[] prefix = Keys.pinnedPrefix();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && Keys.hasPrefix(it.key(), prefix); it.next()) {
        ByteBuffer value = ByteBuffer.wrap(it.value());
        out.add(new PinnedFile(ByteBuffer.wrap(it.key(), 1, 8).getLong(), value.getLong(), value.getInt()));
      }
    }
    return out;
  }

  /** The version of the set of pinned files: it changes with the set. */
  public long pinsVersion() {
    return pinsVersion.get();
  }

  void pinsChanged() {
    pinsVersion.incrementAndGet();
  }

  /** Every load job, oldest (lowest id) first. */
  public List<LoadJobInfo> loadJobs() {
    return records(Keys.loadJobPrefix(), LoadJobInfo.parser());
  }

  private <T> List<T> records(byte[] prefix, com.google.protobuf.Parser<T> parser) {
    List<T> out = new ArrayList<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && Keys.hasPrefix(it.key(), prefix); it.next()) {
        out.add(parse(it.value(), parser));
      }
    }
    return out;
  }

  public long counter(byte[] key) {
    byte[] v = get(key);
    return v == null ? 0 : Keys.toLong(v);
  }

  public long nextInodeId() {
    return counter(Keys.NEXT_INODE_ID);
  }

  public long nextMountId() {
    return counter(Keys.NEXT_MOUNT_ID);
  }

  public long inodeCount() {
    return counter(Keys.INODE_COUNT);
  }

  /** Bytes the metastore holds: its SST files and memtables (RocksDB's own estimate, for the metrics). */
  public long sizeBytes() {
    try {
      return db.getLongProperty("rocksdb.total-sst-files-size") + db.getLongProperty("rocksdb.cur-size-all-mem-tables");
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot read the metastore's size in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The sequence number of the last write: {@link #syncWal} after it makes that write durable. */
  public long lastSequence() {
    return db.getLatestSequenceNumber();
  }

  /** fsyncs the write-ahead log: every write so far survives a power loss. */
  public void syncWal() throws FerryException {
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw new FerryException(ErrorCode.INTERNAL, "Cannot sync the metastore log in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  /** HA: the Raft log index of the last applied batch (0 before any). */
  public long appliedIndex() {
    return counter(Keys.APPLIED_INDEX);
  }

  /** The inode id a client request (by its id) created or changed, if that request was applied. */
  public Optional<Long> requestResult(String requestId) {
    byte[] v = get(Keys.request(requestId));
    return v == null ? Optional.empty() : Optional.of(Keys.toLong(v));
  }

  /** The request ids applied before {@code beforeMs}, the oldest first, at most {@code limit}. */
  public List<RequestDone> requestsDoneBefore(long beforeMs, int limit) {
    List<RequestDone> out = new ArrayList<>();
    byte[] prefix = Keys.requestAgePrefix();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(prefix); it.isValid() && Keys.hasPrefix(it.key(), prefix) && out.size() < limit; it.next()) {
        byte[] key = it.key();
        long doneMs = ByteBuffer.wrap(key, 1, 8).getLong();
        if (doneMs >= beforeMs) {
          break;
        }
        out.add(RequestDone.newBuilder().setDoneMs(doneMs)
            .setRequestId(new String(key, 9, key.length - 9, StandardCharsets.UTF_8)).build());
      }
    }
    return out;
  }

  /** Writes a consistent copy of the store into {@code target} (a new directory): a snapshot. */
  public void checkpoint(Path target) throws FerryException {
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new FerryException(ErrorCode.INTERNAL, "Cannot checkpoint the metastore into " + target + ": "
          + e.getMessage(), e);
    }
  }

  /** Replaces the whole store by a checkpoint (a snapshot from another master); no call may run meanwhile. */
  public synchronized void restore(Path checkpoint) throws FerryException {
    db.close();
    try {
      deleteContents(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpoint)) {
        for (Path f : files) {
          if (!f.getFileName().toString().endsWith(".md5")) { // Ratis's digests of transferred files
            Files.copy(f, dir.resolve(f.getFileName()));
          }
        }
      }
      db = RocksDB.open(options, dir.toString());
    } catch (IOException | RocksDBException e) {
      throw new FerryException(ErrorCode.INTERNAL, "Cannot restore the metastore in " + dir + " from "
          + checkpoint + ": " + e.getMessage(), e);
    } finally {
      invalidateCaches();
      pinsChanged();
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        Files.delete(f);
      }
    }
  }

  /**
   * Writes a batch (not yet fsynced: see {@link #open}) and then updates the
   * caches with the inodes and edges it wrote (empty: deleted), and drops the
   * cached listings of the directories whose children it changed. The edges
   * it {@code created} are dropped from the edge cache (where their absence may
   * be cached) rather than put: a cold listing of a big directory creates them
   * by the 100,000, and putting them in a full cache was a sixth of its CPU; the
   * first lookup of one reads it.
   */
  void write(WriteBatch batch, Map<Long, Optional<InodeRecord>> inodes, Map<Edge, Optional<Long>> edges,
      Collection<Edge> created, Set<Long> changedDirectories) throws FerryException {
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      // The batch may or may not be on disk: drop cached records so reads go to RocksDB.
      invalidateCaches();
      throw new FerryException(ErrorCode.INTERNAL, "Cannot write the metastore in " + dir + ": " + e.getMessage(), e);
    }
    inodeCache.putAll(inodes);
    edgeCache.putAll(edges);
    edgeCache.invalidateAll(created);
    firstPages.invalidateAll(changedDirectories);
  }

  private void invalidateCaches() {
    inodeCache.invalidateAll();
    edgeCache.invalidateAll();
    firstPages.invalidateAll();
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot read the metastore in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Corrupt metastore record: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    writeOptions.close();
    db.close();
    options.close();
  }
}
