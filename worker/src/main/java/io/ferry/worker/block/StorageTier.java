package io.ferry.worker.block;

import io.ferry.common.BlockChecksums;
import io.ferry.common.BlockChecksums.Checksum;
import io.ferry.common.BlockFiles;
import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.TierUsage;
import io.ferry.worker.eviction.EvictionPolicy;
import io.ferry.worker.eviction.WeightedIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache tier: block files {@code <dir>/}{@link BlockFiles#fileName}, each with
 * its CRC32C sidecar ({@link BlockChecksums}), temporary ones in {@code <dir>/tmp},
 * indexed by a {@link WeightedIndex} whose policy decides what to evict. An
 * evicted block moves down to the next tier if there is one and it takes it;
 * only the last tier drops blocks. Blocks that exist only in the cache (an
 * empty fingerprint: MUST_CACHE) are kept outside the index, never evicted
 * and never moved ({@link UnevictableSpace}); so are the blocks of pinned
 * files while there is room beside them, which a promotion may still move up.
 * Every change to a block's file
 * happens inside the index's atomic operation on that block id, so an
 * eviction can never delete a newer copy committed at the same time.
 */
public final class StorageTier {
  private static final Logger LOG = LoggerFactory.getLogger(StorageTier.class);
  /** Files kept mapped between reads (see {@link MappedBlockFiles}): 32 GiB of 4 MiB blocks. */
  private static final int MAX_MAPPED_FILES = 8192;

  private final String alias;
  private final Path dir;
  private final Path tmpDir;
  private final long capacity;
  private final boolean persistent;
  private final StorageTier lower;
  private final BlockChangeLog changes;
  /** True for the id of a file whose blocks are pinned. */
  private final LongPredicate pinnedFile;
  private final WeightedIndex<BlockMeta> index;
  /** The blocks kept outside the index: never evicted (see {@link #keeps}). */
  private final Map<Long, BlockMeta> kept = new ConcurrentHashMap<>();
  private final UnevictableSpace unevictableSpace;
  private final MappedBlockFiles mappings = new MappedBlockFiles(MAX_MAPPED_FILES);
  private final LongAdder evictions = new LongAdder();
  private final LongAdder demotions = new LongAdder();
  private final LongAdder promotions = new LongAdder();

  /**
   * Opens the tier. A persistent tier keeps the blocks a previous run left
   * that still match their checksums; any other tier starts empty.
   *
   * @param lower the next tier down, which takes this tier's evicted blocks; null for the last tier
   */
  public StorageTier(String alias, Path dir, long capacity, boolean persistent, EvictionPolicy policy,
      StorageTier lower, BlockChangeLog changes, LongPredicate pinnedFile) throws IOException {
    this.alias = alias;
    this.dir = dir;
    this.tmpDir = dir.resolve("tmp");
    this.capacity = capacity;
    this.persistent = persistent;
    this.lower = lower;
    this.changes = changes;
    this.pinnedFile = pinnedFile;
    this.index = policy.newIndex(capacity, BlockMeta::length, (id, meta) -> evicted(meta));
    this.unevictableSpace = new UnevictableSpace(capacity, index::setCapacity);
    Files.createDirectories(tmpDir);
    TierFiles.deleteAll(tmpDir);
    if (persistent) {
      for (BlockMeta meta : TierFiles.recover(dir)) {
        keepRecovered(meta);
      }
      LOG.info("{} tier {}: kept {} verified block(s) from the previous run", alias, dir, blockIds().size());
    } else {
      TierFiles.deleteBlocks(dir);
    }
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

  /** True if the tier's blocks survive a restart. */
  public boolean persistent() {
    return persistent;
  }

  public boolean fits(long length) {
    return length <= capacity;
  }

  /** True if a block of {@code length} bytes fits beside the blocks the tier holds, evicting none. */
  boolean hasRoomFor(long length) {
    return index.weightedSize() + unevictableSpace.held() + length <= capacity;
  }

  /** The block if this tier holds it; counts as an access for the eviction policy. */
  public Optional<BlockMeta> get(long blockId) {
    BlockMeta keptMeta = kept.get(blockId);
    return Optional.ofNullable(keptMeta != null ? keptMeta : index.get(blockId));
  }

  MappedBlockFiles mappings() {
    return mappings;
  }

  /** Holds the mapping of a block this tier holds (see {@link MappedBlockFiles#hold}). */
  public Optional<MappedBlockFiles.Hold> hold(BlockMeta meta) throws IOException {
    return mappings.hold(meta);
  }

  public TempBlock createTemp(long blockId) throws IOException {
    return new TempBlock(blockId, tmpDir, unevictableSpace);
  }

  /** True if the temporary block was written in this tier's directory (committing it here needs no copy). */
  boolean wrote(TempBlock temp) {
    return temp.path().getParent().equals(tmpDir);
  }

  /**
   * Moves a finished temporary block into place and indexes it. The policy
   * may evict it again at once (admission) when the tier is full of hotter
   * blocks, unless it exists only in the cache: then it is kept, with the
   * room reserved while it was written, or fails NO_SPACE if there is none.
   * A block of a pinned file is kept if there is room, indexed otherwise.
   */
  public BlockMeta commit(TempBlock temp, String fingerprint) throws IOException {
    boolean cacheOnly = fingerprint.isEmpty();
    long reserved = wrote(temp) ? temp.takeReservation() : 0;
    boolean keep = (cacheOnly || pinned(temp.blockId())) && unevictableSpace.pin(reserved, temp.length());
    if (!keep) {
      unevictableSpace.release(reserved);
      if (cacheOnly) {
        throw new FerryException(ErrorCode.NO_SPACE, "The " + alias + " tier (" + capacity + " bytes, "
            + unevictableSpace.pinned() + " of them held by blocks never evicted) has no room for block "
            + temp.blockId() + " of " + temp.length() + " bytes");
      }
    }
    try {
      Path staged = wrote(temp) ? temp.path() : stageCopy(temp.blockId(), temp.path());
      if (staged != temp.path()) {
        temp.discard(); // written in another tier's directory, copied here
      }
      return place(temp.blockId(), staged, new Checksum(temp.crc(), temp.length(), fingerprint), keep);
    } catch (IOException | RuntimeException e) {
      if (keep) {
        unevictableSpace.unpin(temp.length());
      }
      throw e;
    }
  }

  /** A block found on disk at start: kept if it exists only in the cache and fits beside the others. */
  private void keepRecovered(BlockMeta meta) {
    boolean keep = meta.fingerprint().isEmpty() && unevictableSpace.pin(0, meta.length());
    index.compute(meta.blockId(), old -> {
      BlockMeta recovered = replace(old, meta);
      if (keep) {
        kept.put(meta.blockId(), recovered);
        return null;
      }
      return recovered;
    });
  }

  /**
   * Takes a copy of a block of another tier (demotion, promotion); empty if it
   * does not fit, exists only in the cache (such blocks stay where they were
   * written), or the copy fails. A block of a pinned file is kept here if
   * there is room.
   */
  Optional<BlockMeta> adopt(BlockMeta from) {
    if (!fits(from.length()) || from.fingerprint().isEmpty()) {
      return Optional.empty();
    }
    boolean keep = pinned(from.blockId()) && unevictableSpace.pin(0, from.length());
    try {
      Path staged = stageCopy(from.blockId(), from.path());
      return Optional.of(place(from.blockId(), staged, new Checksum(from.crc(), from.length(), from.fingerprint()),
          keep));
    } catch (IOException e) {
      if (keep) {
        unevictableSpace.unpin(from.length());
      }
      LOG.warn("Cannot move block {} from {} into the {} tier: {}", from.blockId(), from.path(), alias, e.toString());
      return Optional.empty();
    }
  }

  private Path stageCopy(long blockId, Path source) throws IOException {
    Path staged = Files.createTempFile(tmpDir, blockId + "-", ".tmp");
    try {
      Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(staged);
      throw e;
    }
    return staged;
  }

  /**
   * Writes the sidecar, renames the staged file into place and indexes it, or
   * keeps it outside the index if {@code keep} (its room is already taken).
   */
  private BlockMeta place(long id, Path staged, Checksum checksum, boolean keep) throws IOException {
    Path target = dir.resolve(BlockFiles.fileName(id, checksum.fingerprint()));
    BlockMeta meta = new BlockMeta(id, checksum.length(), checksum.fingerprint(), target, checksum.crc());
    long[] unpinned = {0};
    try {
      index.compute(id, old -> {
        try {
          BlockChecksums.write(target, checksum);
          Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        changes.added(id);
        BlockMeta replacedPin = kept.remove(id);
        if (replacedPin != null) {
          unpinned[0] = replacedPin.length();
        }
        BlockMeta placed = replace(old != null ? old : replacedPin, meta);
        if (keep) {
          kept.put(id, placed);
          return null;
        }
        return placed;
      });
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(staged);
      throw e.getCause();
    } finally {
      if (unpinned[0] > 0) {
        unevictableSpace.unpin(unpinned[0]);
      }
    }
    return meta;
  }

  /** The new meta of a block; deletes the old copy's file when it had another name (another fingerprint). */
  private BlockMeta replace(BlockMeta old, BlockMeta meta) {
    if (old != null) {
      mappings.drop(old); // even under the same name: the new file is another inode
      if (!old.path().equals(meta.path())) {
        TierFiles.delete(old.path());
      }
    }
    mappings.register(meta);
    return meta;
  }

  /** True if the tier never evicts the block: it exists only in the cache, or its file is pinned. */
  private boolean keeps(BlockMeta meta) {
    return meta.fingerprint().isEmpty() || pinned(meta.blockId());
  }

  private boolean pinned(long blockId) {
    return pinnedFile.test(BlockIds.fileId(blockId));
  }

  /**
   * Brings the blocks in line with the pinned files after they changed: those
   * of newly pinned files leave the eviction index while there is room beside
   * the other kept blocks (the others stay evictable), those of files no
   * longer pinned go back to it.
   */
  void repin() {
    for (long id : index.keys()) {
      if (pinned(id)) {
        BlockMeta meta = index.get(id);
        if (meta != null && !unevictableSpace.keep(meta.length(), () -> takeOutOfIndex(meta))) {
          LOG.warn("Block {} of a pinned file stays evictable: the {} tier has no room to keep it beside its "
              + "other kept blocks (or it left the tier meanwhile)", id, alias);
        }
      }
    }
    for (BlockMeta meta : List.copyOf(kept.values())) {
      if (!keeps(meta)) {
        unevictableSpace.makeEvictable(meta.length(), () -> putBackInIndex(meta));
      }
    }
  }

  private boolean takeOutOfIndex(BlockMeta meta) {
    boolean[] taken = {false};
    index.compute(meta.blockId(), indexed -> {
      if (!meta.equals(indexed)) {
        return indexed;
      }
      kept.put(meta.blockId(), meta);
      taken[0] = true;
      return null;
    });
    return taken[0];
  }

  private boolean putBackInIndex(BlockMeta meta) {
    boolean[] put = {false};
    index.compute(meta.blockId(), indexed -> {
      if (indexed != null || !kept.remove(meta.blockId(), meta)) {
        return indexed;
      }
      put[0] = true;
      return meta;
    });
    return put[0];
  }

  /**
   * Gives a cache-only block the fingerprint of the under-storage copy its
   * file was persisted with (write-back): its file is renamed to the name of
   * that version, with a new sidecar, and it becomes an ordinary cached block,
   * evictable unless its file is pinned. False if the tier holds no
   * cache-only copy of the block.
   */
  boolean relabel(long blockId, String fingerprint) {
    BlockMeta cacheOnly = kept.get(blockId);
    if (cacheOnly == null || !cacheOnly.fingerprint().isEmpty()) {
      return false;
    }
    Path target = dir.resolve(BlockFiles.fileName(blockId, fingerprint));
    BlockMeta relabelled = new BlockMeta(blockId, cacheOnly.length(), fingerprint, target, cacheOnly.crc());
    boolean[] done = {false};
    index.compute(blockId, indexed -> {
      if (indexed != null || kept.get(blockId) != cacheOnly) {
        return indexed;
      }
      try {
        BlockChecksums.write(target, new Checksum(cacheOnly.crc(), cacheOnly.length(), fingerprint));
        Files.move(cacheOnly.path(), target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        LOG.warn("Block {} stays cache-only: cannot rename it for its persisted version: {}", blockId, e.toString());
        TierFiles.delete(target);
        return null;
      }
      kept.put(blockId, replace(cacheOnly, relabelled)); // deletes the old name's sidecar
      done[0] = true;
      return null;
    });
    if (done[0] && !keeps(relabelled)) {
      unevictableSpace.makeEvictable(relabelled.length(), () -> putBackInIndex(relabelled));
    }
    return done[0];
  }

  /** Removes a block if {@code which} accepts its current meta; true if it was removed. */
  public boolean remove(long blockId, Predicate<BlockMeta> which) {
    return removeIf(blockId, which, true);
  }

  /** Removes this tier's copy of a block that moved to another tier (no removal is reported). */
  boolean forget(BlockMeta moved) {
    return removeIf(moved.blockId(), moved::equals, false);
  }

  private boolean removeIf(long blockId, Predicate<BlockMeta> which, boolean report) {
    BlockMeta[] removed = {null};
    long[] unpinned = {0};
    index.compute(blockId, indexed -> {
      BlockMeta meta = indexed != null ? indexed : kept.get(blockId);
      if (meta == null || !which.test(meta)) {
        return indexed;
      }
      if (kept.remove(blockId) != null) {
        unpinned[0] = meta.length();
      }
      mappings.drop(meta);
      TierFiles.delete(meta.path());
      if (report) {
        changes.removed(blockId);
      }
      removed[0] = meta;
      return null;
    });
    if (unpinned[0] > 0) {
      unevictableSpace.unpin(unpinned[0]);
    }
    return removed[0] != null;
  }

  /** The policy evicted a block: it moves down a tier, or is dropped from the last one. */
  private void evicted(BlockMeta meta) {
    evictions.increment();
    boolean movedDown = lower != null && lower.adopt(meta).isPresent();
    if (movedDown) {
      demotions.increment();
    }
    mappings.drop(meta);
    TierFiles.delete(meta.path());
    if (!movedDown) {
      changes.removed(meta.blockId());
    }
  }

  public List<Long> blockIds() {
    List<Long> ids = new ArrayList<>(index.keys());
    ids.addAll(kept.keySet());
    return ids;
  }

  /** Blocks the eviction policy took out of this tier, moved down or dropped, and moved up into it, since it opened. */
  TierMoves moves() {
    return new TierMoves(evictions.sum(), demotions.sum(), promotions.sum());
  }

  /** A block read often from the tier below now lives in this one. */
  void promoted() {
    promotions.increment();
  }

  public TierUsage usage() {
    return TierUsage.newBuilder().setAlias(alias).setCapacityBytes(capacity)
        .setUsedBytes(index.weightedSize() + unevictableSpace.pinned()).build();
  }

  /** Deletes every block (for MEM, which is not kept across restarts: this frees its memory at once). */
  public void clear() {
    blockIds().forEach(id -> remove(id, meta -> true));
  }
}
