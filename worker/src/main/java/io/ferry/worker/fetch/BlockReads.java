package io.ferry.worker.fetch;

import io.ferry.common.VerifiedBlockFiles;
import io.ferry.common.error.FerryException;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.BlockStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a block for a read request: from the cache if it holds a current,
 * intact copy (checked against its CRC32C), else read-through: the whole
 * block, served as its bytes arrive, or for a read of part of it only the
 * pages it needs ({@link PagedBlocks}).
 */
public final class BlockReads {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReads.class);
  private static final int MAX_LOOKUPS = 3;
  private static final int VERIFIED_FILES = 100_000;

  private final BlockStore store;
  private final BlockFetcher fetcher;
  private final PagedBlocks pages;
  private final WorkerCounters counters;
  private final VerifiedBlockFiles verified = new VerifiedBlockFiles(VERIFIED_FILES);

  public BlockReads(BlockStore store, BlockFetcher fetcher, PagedBlocks pages, WorkerCounters counters) {
    this.store = store;
    this.fetcher = fetcher;
    this.pages = pages;
    this.counters = counters;
  }

  /**
   * Opens the block a read request names, for its range: a block cached
   * whole if there is one; else, for a bounded range ({@link PagedBlocks#serves}),
   * the pages of that range; else the block fetched whole ({@link #open}).
   */
  public OpenBlock open(ReadBlockRequest request) throws IOException {
    UfsBlockSource source = request.hasSource() ? request.getSource() : null;
    if (!PagedBlocks.serves(source, request.getLength(), request.getNoCache())) {
      return openReadyFirst(request.getBlockId(), source, request.getNoCache());
    }
    Optional<OpenBlock> whole = openIfReady(request.getBlockId(), source);
    if (whole.isEmpty()) {
      whole = openCached(request.getBlockId(), source);
      if (whole.isPresent()) {
        countHit(whole.get());
      }
    }
    if (whole.isPresent()) {
      return whole.get();
    }
    BlockRange.of(request, source.getBlockLength()); // a range outside the block fails before any fetch
    return pages.open(request.getBlockId(), source, request.getOffset(), request.getLength());
  }

  /**
   * Opens a block. {@code source} (null if the request had none) says where
   * to fetch a miss and which fingerprint a cached copy must have; with
   * {@code noCache} a miss is served without being cached. A block being
   * fetched is opened once its first bytes can be read and is read as they
   * arrive; its {@link OpenBlock#cachedPath} waits for the whole block.
   */
  public OpenBlock open(long blockId, UfsBlockSource source, boolean noCache) throws IOException {
    Optional<OpenBlock> cached = openCached(blockId, source);
    if (cached.isPresent()) {
      countHit(cached.get());
      return cached.get();
    }
    if (source == null || source.getUfsUri().isEmpty()) {
      throw FerryException.notFound("block " + blockId + " (not cached on this worker, and the request names no "
          + "UFS file to read it from)");
    }
    counters.cacheMiss(source.getBlockLength());
    OpenBlock fetching = fetcher.fetch(blockId, source, !noCache);
    fetching.whenFetched(cachedPath -> {
      dropOtherVersions(blockId, source);
      if (cachedPath.isPresent()) {
        pages.drop(blockId);
      }
    });
    return fetching;
  }

  private void countHit(OpenBlock block) throws IOException {
    counters.cacheHit(store.tierOf(block.cachedPath().orElseThrow()), block.length());
  }

  /**
   * Drops a cached copy of another version once a fetch found the request's
   * version current in the UFS. Until then the copy stays: a reader holding
   * a status older than the copy fails FILE_CHANGED rather than evicting it.
   */
  private void dropOtherVersions(long blockId, UfsBlockSource source) {
    store.get(blockId).filter(meta -> isStale(meta, source)).ifPresent(meta -> {
      if (store.remove(meta)) {
        LOG.debug("Dropped block {} of an older version (fingerprint {}, now {})", blockId, meta.fingerprint(),
            source.getFingerprint());
      }
    });
  }

  /** {@link #openIfReady} when the block is ready, else {@link #open}: for a caller that may wait. */
  private OpenBlock openReadyFirst(long blockId, UfsBlockSource source, boolean noCache) throws IOException {
    Optional<OpenBlock> ready = openIfReady(blockId, source);
    return ready.isPresent() ? ready.get() : open(blockId, source, noCache);
  }

  /**
   * The block if it can be served without waiting: a current copy in the
   * memory tier whose file was checked before and has not changed since.
   * Empty otherwise; {@link #open} then decides (check, drop, fetch).
   */
  public Optional<OpenBlock> openIfReady(long blockId, UfsBlockSource source) throws IOException {
    Optional<BlockMeta> cached = store.getInTopTier(blockId);
    if (cached.isEmpty() || isStale(cached.get(), source)) {
      return Optional.empty();
    }
    BlockMeta meta = cached.get();
    try {
      if (!verified.knownGood(meta.path())) {
        return Optional.empty();
      }
      Optional<OpenBlock> block = store.holdInTopTier(meta).map(hold -> OpenBlock.ofHeld(meta, hold));
      if (block.isEmpty()) { // not mappable now (left the tier, or too many files mapped)
        block = Optional.of(OpenBlock.ofCached(meta));
      }
      counters.cacheHit(store.tierOf(meta.path()), meta.length());
      return block;
    } catch (NoSuchFileException e) {
      return Optional.empty(); // evicted or moved down a tier since the lookup
    }
  }

  /** A copy of another version than the request names; a request that names none takes any. */
  private static boolean isStale(BlockMeta meta, UfsBlockSource source) {
    return source != null && !source.getFingerprint().isEmpty() && !meta.fingerprint().equals(source.getFingerprint());
  }

  /**
   * The cached copy of the block if there is a current one whose bytes match
   * its checksum. A corrupt copy is dropped; a copy of another version is
   * left to {@link #dropOtherVersions}. A copy that moved between tiers since
   * the lookup is looked up again.
   */
  private Optional<OpenBlock> openCached(long blockId, UfsBlockSource source) throws IOException {
    for (int attempt = 0; attempt < MAX_LOOKUPS; attempt++) {
      Optional<BlockMeta> cached = store.get(blockId);
      if (cached.isEmpty()) {
        return Optional.empty();
      }
      BlockMeta meta = cached.get();
      if (isStale(meta, source)) {
        return Optional.empty();
      }
      OpenBlock block;
      try {
        block = OpenBlock.ofCached(meta);
      } catch (NoSuchFileException e) {
        continue; // evicted or moved to another tier since the lookup
      }
      boolean intact;
      try {
        intact = verified.check(meta.path(), block.channel());
      } catch (NoSuchFileException e) {
        block.close();
        continue; // moved to another tier while it was being checked
      }
      if (intact) {
        return Optional.of(block);
      }
      block.close();
      LOG.warn("Cached block {} in {} does not match its checksum: dropped, it is read again", blockId, meta.path());
      counters.corruptBlock();
      store.remove(meta);
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * A client on this host read the block straight from its tier file. The
   * lookup counts as an access for the eviction policy; a block evicted
   * meanwhile was still read from the cache, so it is a hit either way.
   */
  public void readDirectly(long blockId) {
    Optional<BlockMeta> meta = store.get(blockId);
    counters.cacheHit(meta.map(m -> store.tierOf(m.path())).orElse(BlockStore.UNKNOWN_TIER),
        meta.map(BlockMeta::length).orElse(0L));
  }
}
