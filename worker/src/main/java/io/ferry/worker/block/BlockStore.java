package io.ferry.worker.block;

import io.ferry.proto.TierUsage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The worker's cached blocks. Tiers are ordered fastest first; there is only
 * MEM for now (an SSD tier and pluggable eviction come later), so every call
 * goes to it.
 */
public final class BlockStore {
  private final StorageTier mem;

  private final BlockChangeLog changes = new BlockChangeLog();

  /** Opens the MEM tier in {@code memDir}, deleting the blocks a previous run left there. */
  public BlockStore(Path memDir, long memCapacity) throws IOException {
    this.mem = new StorageTier("MEM", memDir, memCapacity, changes);
  }

  public Optional<BlockMeta> get(long blockId) {
    return mem.get(blockId);
  }

  /** True if a block of this length can be cached at all. */
  public boolean fits(long length) {
    return mem.fits(length);
  }

  public long capacity() {
    return mem.capacity();
  }

  public TempBlock createTemp(long blockId) throws IOException {
    return mem.createTemp(blockId);
  }

  public BlockMeta commit(TempBlock temp, String fingerprint) throws IOException {
    return mem.commit(temp, fingerprint);
  }

  public boolean remove(long blockId) {
    return mem.remove(blockId, meta -> true);
  }

  /** Removes the block only if it is still {@code expected} (not replaced meanwhile). */
  public boolean remove(BlockMeta expected) {
    return mem.remove(expected.blockId(), expected::equals);
  }

  /** The tier directories, fastest first, where short-circuit clients find block files. */
  public List<Path> tierDirs() {
    return List.of(mem.dir());
  }

  public List<Long> blockIds() {
    return mem.blockIds();
  }

  public long blockCount() {
    return mem.blockCount();
  }

  public List<TierUsage> tierUsages() {
    return List.of(mem.usage());
  }

  public BlockChangeLog changes() {
    return changes;
  }

  public void clear() {
    mem.clear();
  }
}
