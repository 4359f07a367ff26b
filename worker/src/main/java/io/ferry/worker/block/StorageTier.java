package io.ferry.worker.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.ferry.common.BlockFiles;
import io.ferry.proto.TierUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache tier: block files {@code <dir>/}{@link BlockFiles#fileName} (temporary
 * ones in {@code <dir>/tmp}) indexed by a Caffeine cache weighted by block length, so
 * Caffeine's W-TinyLFU decides what to evict. Every change to a block's file
 * happens inside the index's atomic operation on that block id (commit in
 * compute, removal in computeIfPresent, eviction in the eviction listener),
 * so an eviction can never delete a newer copy committed at the same time.
 */
public final class StorageTier {
  private static final Logger LOG = LoggerFactory.getLogger(StorageTier.class);

  private final String alias;
  private final Path dir;
  private final Path tmpDir;
  private final long capacity;
  private final BlockChangeLog changes;
  private final Cache<Long, BlockMeta> index;

  /** Opens the tier, deleting the block files a previous run left behind. */
  public StorageTier(String alias, Path dir, long capacity, BlockChangeLog changes) throws IOException {
    this.alias = alias;
    this.dir = dir;
    this.tmpDir = dir.resolve("tmp");
    this.capacity = capacity;
    this.changes = changes;
    Files.createDirectories(tmpDir);
    clearStaleBlocks();
    this.index = Caffeine.newBuilder()
        .maximumWeight(capacity)
        .weigher((Long id, BlockMeta meta) -> (int) Math.min(Integer.MAX_VALUE, meta.length()))
        .executor(Runnable::run) // evict synchronously: used bytes stay within capacity
        .evictionListener((Long id, BlockMeta meta, RemovalCause cause) -> drop(meta))
        .build();
  }

  public String alias() {
    return alias;
  }

  public long capacity() {
    return capacity;
  }

  public Path dir() {
    return dir;
  }

  public boolean fits(long length) {
    return length <= capacity;
  }

  public Optional<BlockMeta> get(long blockId) {
    return Optional.ofNullable(index.getIfPresent(blockId));
  }

  public TempBlock createTemp(long blockId) throws IOException {
    return new TempBlock(blockId, tmpDir);
  }

  /**
   * Moves a finished temporary block into place and indexes it. The cache may
   * evict it again at once (admission policy) when it is full of hotter blocks.
   */
  public BlockMeta commit(TempBlock temp, String fingerprint) throws IOException {
    long id = temp.blockId();
    BlockMeta meta = new BlockMeta(id, temp.length(), fingerprint, dir.resolve(BlockFiles.fileName(id, fingerprint)));
    try {
      index.asMap().compute(id, (k, old) -> {
        try {
          Files.move(temp.path(), meta.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          if (old != null && !old.path().equals(meta.path())) {
            Files.deleteIfExists(old.path()); // the copy of another fingerprint
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        changes.added(id);
        return meta;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return meta;
  }

  /** Removes a block if {@code which} accepts its current meta; true if it was removed. */
  public boolean remove(long blockId, Predicate<BlockMeta> which) {
    boolean[] removed = {false};
    index.asMap().computeIfPresent(blockId, (k, meta) -> {
      if (!which.test(meta)) {
        return meta;
      }
      drop(meta);
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  public List<Long> blockIds() {
    return List.copyOf(index.asMap().keySet());
  }

  public long blockCount() {
    return index.asMap().size();
  }

  public TierUsage usage() {
    long used = index.policy().eviction().orElseThrow().weightedSize().orElse(0);
    return TierUsage.newBuilder().setAlias(alias).setCapacityBytes(capacity).setUsedBytes(used).build();
  }

  /** Deletes every block (MEM is not kept across restarts; this frees its memory at once). */
  public void clear() {
    blockIds().forEach(id -> remove(id, meta -> true));
  }

  private void drop(BlockMeta meta) {
    try {
      Files.deleteIfExists(meta.path());
    } catch (IOException e) {
      LOG.warn("Cannot delete block file {}: {}", meta.path(), e.toString());
    }
    changes.removed(meta.blockId());
  }

  /** Deletes only files named like blocks, so a mistyped directory does not lose unrelated files. */
  private void clearStaleBlocks() throws IOException {
    int deleted = deleteFiles(tmpDir, name -> true) + deleteFiles(dir, name -> BlockFiles.NAME.matcher(name).matches());
    if (deleted > 0) {
      LOG.info("Deleted {} stale block files from {} tier directory {}", deleted, alias, dir);
    }
  }

  private static int deleteFiles(Path directory, Predicate<String> nameFilter) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        if (Files.isRegularFile(f) && nameFilter.test(f.getFileName().toString())) {
          Files.delete(f);
          deleted++;
        }
      }
    }
    return deleted;
  }
}
