package io.ferry.worker.block;

import io.ferry.common.BlockChecksums;
import io.ferry.common.BlockChecksums.Checksum;
import io.ferry.common.BlockFiles;
import io.ferry.proto.TierUsage;
import io.ferry.worker.eviction.EvictionPolicy;
import io.ferry.worker.eviction.WeightedIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache tier: block files {@code <dir>/}{@link BlockFiles#fileName}, each with
 * its CRC32C sidecar ({@link BlockChecksums}), temporary ones in {@code <dir>/tmp},
 * indexed by a {@link WeightedIndex} whose policy decides what to evict. An
 * evicted block moves down to the next tier if there is one and it takes it;
 * only the last tier drops blocks. Every change to a block's file happens
 * inside the index's atomic operation on that block id, so an eviction can
 * never delete a newer copy committed at the same time.
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
  private final WeightedIndex<BlockMeta> index;
  private final MappedBlockFiles mappings = new MappedBlockFiles(MAX_MAPPED_FILES);

  /**
   * Opens the tier. A persistent tier keeps the blocks a previous run left
   * that still match their checksums; any other tier starts empty.
   *
   * @param lower the next tier down, which takes this tier's evicted blocks; null for the last tier
   */
  public StorageTier(String alias, Path dir, long capacity, boolean persistent, EvictionPolicy policy,
      StorageTier lower, BlockChangeLog changes) throws IOException {
    this.alias = alias;
    this.dir = dir;
    this.tmpDir = dir.resolve("tmp");
    this.capacity = capacity;
    this.persistent = persistent;
    this.lower = lower;
    this.changes = changes;
    this.index = policy.newIndex(capacity, BlockMeta::length, (id, meta) -> evicted(meta));
    Files.createDirectories(tmpDir);
    TierFiles.deleteAll(tmpDir);
    if (persistent) {
      for (BlockMeta meta : TierFiles.recover(dir)) {
        index.compute(meta.blockId(), old -> replace(old, meta));
      }
      LOG.info("{} tier {}: kept {} verified block(s) from the previous run", alias, dir, index.keys().size());
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
    return index.weightedSize() + length <= capacity;
  }

  /** The block if this tier holds it; counts as an access for the eviction policy. */
  public Optional<BlockMeta> get(long blockId) {
    return Optional.ofNullable(index.get(blockId));
  }

  MappedBlockFiles mappings() {
    return mappings;
  }

  /** Holds the mapping of a block this tier holds (see {@link MappedBlockFiles#hold}). */
  public Optional<MappedBlockFiles.Hold> hold(BlockMeta meta) throws IOException {
    return mappings.hold(meta);
  }

  public TempBlock createTemp(long blockId) throws IOException {
    return new TempBlock(blockId, tmpDir);
  }

  /** True if the temporary block was written in this tier's directory (committing it here needs no copy). */
  boolean wrote(TempBlock temp) {
    return temp.path().getParent().equals(tmpDir);
  }

  /**
   * Moves a finished temporary block into place and indexes it. The policy
   * may evict it again at once (admission) when the tier is full of hotter blocks.
   */
  public BlockMeta commit(TempBlock temp, String fingerprint) throws IOException {
    Path staged = wrote(temp) ? temp.path() : stageCopy(temp.blockId(), temp.path());
    if (staged != temp.path()) {
      temp.discard(); // written in another tier's directory, copied here
    }
    return place(temp.blockId(), staged, new Checksum(temp.crc(), temp.length(), fingerprint));
  }

  /** Takes a copy of a block of another tier (demotion, promotion); empty if it does not fit or the copy fails. */
  Optional<BlockMeta> adopt(BlockMeta from) {
    if (!fits(from.length())) {
      return Optional.empty();
    }
    try {
      Path staged = stageCopy(from.blockId(), from.path());
      return Optional.of(place(from.blockId(), staged, new Checksum(from.crc(), from.length(), from.fingerprint())));
    } catch (IOException e) {
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

  /** Writes the sidecar, renames the staged file into place and indexes it. */
  private BlockMeta place(long id, Path staged, Checksum checksum) throws IOException {
    Path target = dir.resolve(BlockFiles.fileName(id, checksum.fingerprint()));
    BlockMeta meta = new BlockMeta(id, checksum.length(), checksum.fingerprint(), target, checksum.crc());
    try {
      index.compute(id, old -> {
        try {
          BlockChecksums.write(target, checksum);
          Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        changes.added(id);
        return replace(old, meta);
      });
    } catch (UncheckedIOException e) {
      Files.deleteIfExists(staged);
      throw e.getCause();
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

  /** Removes a block if {@code which} accepts its current meta; true if it was removed. */
  public boolean remove(long blockId, Predicate<BlockMeta> which) {
    return removeIf(blockId, which, true);
  }

  /** Removes this tier's copy of a block that moved to another tier (no removal is reported). */
  boolean forget(BlockMeta moved) {
    return removeIf(moved.blockId(), moved::equals, false);
  }

  private boolean removeIf(long blockId, Predicate<BlockMeta> which, boolean report) {
    boolean[] removed = {false};
    index.compute(blockId, meta -> {
      if (meta == null || !which.test(meta)) {
        return meta;
      }
      mappings.drop(meta);
      TierFiles.delete(meta.path());
      if (report) {
        changes.removed(blockId);
      }
      removed[0] = true;
      return null;
    });
    return removed[0];
  }

  /** The policy evicted a block: it moves down a tier, or is dropped from the last one. */
  private void evicted(BlockMeta meta) {
    boolean movedDown = lower != null && lower.adopt(meta).isPresent();
    mappings.drop(meta);
    TierFiles.delete(meta.path());
    if (!movedDown) {
      changes.removed(meta.blockId());
    }
  }

  public List<Long> blockIds() {
    return index.keys();
  }

  public TierUsage usage() {
    return TierUsage.newBuilder().setAlias(alias).setCapacityBytes(capacity).setUsedBytes(index.weightedSize()).build();
  }

  /** Deletes every block (for MEM, which is not kept across restarts: this frees its memory at once). */
  public void clear() {
    blockIds().forEach(id -> remove(id, meta -> true));
  }
}
