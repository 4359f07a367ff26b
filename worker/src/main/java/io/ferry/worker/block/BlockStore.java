package io.ferry.worker.block;

import io.ferry.proto.TierUsage;
import io.ferry.worker.eviction.EvictionPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The worker's cached blocks in ordered tiers, fastest first (MEM, then
 * SSD). New blocks land in the first tier that can hold them; a full tier
 * moves its evicted blocks down and only the last tier drops them; a block
 * read often from a lower tier moves up ({@link Promotions}). A block lives
 * in one tier at a time.
 */
public final class BlockStore implements Closeable {
  /** The tier of a block that left the store while it was being read. */
  public static final String UNKNOWN_TIER = "unknown";

  private final List<StorageTier> tiers;
  private final BlockChangeLog changes = new BlockChangeLog();
  private final Promotions promotions;
  private volatile PinnedFiles pins = PinnedFiles.NONE;

  /** Opens the tiers, fastest first; see {@link StorageTier} for what each keeps from a previous run. */
  public BlockStore(List<TierSpec> specs, EvictionPolicy policy, int promotionReads) throws IOException {
    List<StorageTier> opened = new ArrayList<>();
    StorageTier lower = null;
    for (int i = specs.size() - 1; i >= 0; i--) {
      TierSpec spec = specs.get(i);
      lower = new StorageTier(spec.alias(), spec.dir(), spec.capacity(), spec.persistent(), policy, lower, changes,
          fileId -> pins.fileIds().contains(fileId));
      opened.add(0, lower);
    }
    this.tiers = List.copyOf(opened);
    this.promotions = new Promotions(promotionReads);
  }

  /** A store with a MEM tier only (W-TinyLFU), deleting the blocks a previous run left there. */
  public BlockStore(Path memDir, long memCapacity) throws IOException {
    this(List.of(new TierSpec("MEM", memDir, memCapacity, false)), EvictionPolicy.W_TINYLFU, Integer.MAX_VALUE);
  }

  /** The block from the fastest tier that holds it; a read from a lower tier counts towards its promotion. */
  public Optional<BlockMeta> get(long blockId) {
    for (int i = 0; i < tiers.size(); i++) {
      Optional<BlockMeta> meta = tiers.get(i).get(blockId);
      if (meta.isPresent()) {
        if (i > 0) {
          promotions.readFromLowerTier(meta.get(), tiers.get(i), tiers.get(i - 1));
        }
        return meta;
      }
    }
    return Optional.empty();
  }

  /** The block if the fastest tier (memory) holds it: reading it then never waits for a disk. */
  public Optional<BlockMeta> getInTopTier(long blockId) {
    return tiers.get(0).get(blockId);
  }

  /**
   * Holds the mapping of a block of the fastest tier, kept between reads;
   * empty if the block left that tier meanwhile or too many files are mapped.
   */
  public Optional<MappedBlockFiles.Hold> holdInTopTier(BlockMeta meta) throws IOException {
    return tiers.get(0).hold(meta);
  }

  /** The fastest tier's mapped files (for tests). */
  MappedBlockFiles topTierMappings() {
    return tiers.get(0).mappings();
  }

  /** True if a block of this length can be cached at all (some tier is large enough). */
  public boolean fits(long length) {
    return length <= capacity();
  }

  /** The largest block the store can hold: the capacity of its largest tier. */
  public long capacity() {
    return tiers.stream().mapToLong(StorageTier::capacity).max().orElse(0);
  }

  /** A temporary block in the first tier's directory (MEM: written at memory speed). */
  public TempBlock createTemp(long blockId) throws IOException {
    return tiers.get(0).createTemp(blockId);
  }

  /**
   * A temporary block in the last tier's directory, for a copy the master
   * asks for to keep a block's replication factor: a second copy kept in case
   * a worker dies must not push the blocks being read out of the faster
   * tiers, and written where it stays it is written once (not once into MEM
   * and again when evicted down). It moves up like any block read often.
   */
  public TempBlock createReplicaTemp(long blockId) throws IOException {
    return tiers.get(tiers.size() - 1).createTemp(blockId);
  }

  /** Commits a block into the tier it was written in, or if that one cannot hold it, the first tier that can. */
  public BlockMeta commit(TempBlock temp, String fingerprint) throws IOException {
    for (StorageTier tier : tiers) {
      if (tier.wrote(temp) && tier.fits(temp.length())) {
        return tier.commit(temp, fingerprint);
      }
    }
    for (StorageTier tier : tiers) {
      if (tier.fits(temp.length())) {
        return tier.commit(temp, fingerprint);
      }
    }
    throw new IllegalArgumentException("Block " + temp.blockId() + " of " + temp.length()
        + " bytes is larger than every tier; check fits() first");
  }

  public boolean remove(long blockId) {
    boolean removed = false;
    for (StorageTier tier : tiers) {
      removed |= tier.remove(blockId, meta -> true);
    }
    return removed;
  }

  /**
   * Makes the cache-only copy of a block an ordinary cached block of the
   * under-storage version {@code fingerprint} (its file was persisted); false
   * if the store holds no cache-only copy of it.
   */
  public boolean relabel(long blockId, String fingerprint) {
    boolean relabelled = false;
    for (StorageTier tier : tiers) {
      relabelled |= tier.relabel(blockId, fingerprint);
    }
    return relabelled;
  }

  /** Removes the block only if it is still {@code expected} (not replaced or moved meanwhile). */
  public boolean remove(BlockMeta expected) {
    boolean removed = false;
    for (StorageTier tier : tiers) {
      removed |= tier.remove(expected.blockId(), expected::equals);
    }
    return removed;
  }

  /** The master's version of the pinned files this store keeps; 0 before it learns any. */
  public long pinsVersion() {
    return pins.version();
  }

  /**
   * Keeps the blocks of the files {@code fileIds} (the master's pinned files
   * as of {@code version}) out of eviction, and makes those of files no
   * longer pinned evictable again.
   */
  public void pin(long version, Collection<Long> fileIds) {
    pins = new PinnedFiles(version, Set.copyOf(fileIds));
    tiers.forEach(StorageTier::repin);
  }

  /** The tier directories, fastest first, where short-circuit clients find block files. */
  public List<Path> tierDirs() {
    return tiers.stream().map(StorageTier::dir).toList();
  }

  public List<Long> blockIds() {
    Set<Long> ids = new LinkedHashSet<>();
    tiers.forEach(t -> ids.addAll(t.blockIds()));
    return List.copyOf(ids);
  }

  public long blockCount() {
    return blockIds().size();
  }

  public List<TierUsage> tierUsages() {
    return tiers.stream().map(StorageTier::usage).toList();
  }

  /** The blocks moved out of and into each tier, by tier alias, fastest tier first. */
  public Map<String, TierMoves> movesByTier() {
    Map<String, TierMoves> out = new LinkedHashMap<>();
    tiers.forEach(t -> out.put(t.alias(), t.moves()));
    return out;
  }

  /** The alias of the tier whose directory holds the block file {@code file}. */
  public String tierOf(Path file) {
    return tiers.stream().filter(t -> file.startsWith(t.dir())).map(StorageTier::alias).findFirst()
        .orElse(UNKNOWN_TIER);
  }

  public BlockChangeLog changes() {
    return changes;
  }

  /**
   * Stops promoting and deletes the blocks of the tiers that do not survive
   * a restart (MEM frees its memory at once); persistent tiers keep theirs.
   */
  @Override
  public void close() {
    promotions.close();
    tiers.stream().filter(t -> !t.persistent()).forEach(StorageTier::clear);
  }
}
