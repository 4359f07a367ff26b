package io.ferry.master.metastore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.journal.proto.MountRecord;
import io.ferry.proto.LoadJobInfo;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  private final Path dir;
  private final Options options;
  private final RocksDB db;
  private final WriteOptions syncWrites;
  /** Present = the stored record; empty = known absent. */
  private final Cache<Long, Optional<InodeRecord>> inodeCache;

  private MetaStore(Path dir, Options options, RocksDB db, int cacheSize) {
    this.dir = dir;
    this.options = options;
    this.db = db;
    this.syncWrites = new WriteOptions().setSync(true);
    this.inodeCache = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /** Opens (creating if needed) the metastore in {@code dir}; fails naming the directory. */
  public static MetaStore open(Path dir, int inodeCacheSize) throws FerryException {
    Options options = new Options().setCreateIfMissing(true);
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
    byte[] v = get(Keys.edge(parentId, name));
    return v == null ? Optional.empty() : Optional.of(Keys.toLong(v));
  }

  /** Up to {@code limit} children of a directory, in name order, after {@code startAfter} ("" = from the first). */
  public List<InodeRecord> children(long parentId, String startAfter, int limit) {
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

  /** Writes a batch durably (fsync) and then updates the cache with the records it wrote. */
  void write(WriteBatch batch, Iterable<java.util.Map.Entry<Long, Optional<InodeRecord>>> written)
      throws FerryException {
    try {
      db.write(syncWrites, batch);
    } catch (RocksDBException e) {
      // The batch may or may not be on disk: drop cached inodes so reads go to RocksDB.
      inodeCache.invalidateAll();
      throw new FerryException(ErrorCode.INTERNAL, "Cannot write the metastore in " + dir + ": " + e.getMessage(), e);
    }
    written.forEach(e -> inodeCache.put(e.getKey(), e.getValue()));
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
    syncWrites.close();
    db.close();
    options.close();
  }
}
