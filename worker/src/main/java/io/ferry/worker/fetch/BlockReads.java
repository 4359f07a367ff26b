package io.ferry.worker.fetch;

import io.ferry.common.error.FerryException;
import io.ferry.proto.UfsBlockSource;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.BlockStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a block for a read request: from the cache if it holds a fresh copy, else read-through. */
public final class BlockReads {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReads.class);

  private final BlockStore store;
  private final BlockFetcher fetcher;
  private final WorkerCounters counters;

  public BlockReads(BlockStore store, BlockFetcher fetcher, WorkerCounters counters) {
    this.store = store;
    this.fetcher = fetcher;
    this.counters = counters;
  }

  /**
   * Opens a block. {@code source} (null if the request had none) says where
   * to fetch a miss and which fingerprint a cached copy must have; with
   * {@code noCache} a miss is served without being cached.
   */
  public OpenBlock open(long blockId, UfsBlockSource source, boolean noCache) throws IOException {
    Optional<BlockMeta> cached = store.get(blockId);
    if (cached.isPresent()) {
      BlockMeta meta = cached.get();
      if (source == null || meta.fingerprint().equals(source.getFingerprint())) {
        try {
          OpenBlock block = OpenBlock.ofCached(meta);
          counters.cacheHit();
          return block;
        } catch (NoSuchFileException e) {
          // evicted since the lookup: a miss
        }
      } else if (store.remove(meta)) {
        LOG.debug("Dropped stale block {} (fingerprint {}, now {})", blockId, meta.fingerprint(),
            source.getFingerprint());
      }
    }
    if (source == null || source.getUfsUri().isEmpty()) {
      throw FerryException.notFound("block " + blockId + " (not cached on this worker, and the request names no "
          + "UFS file to read it from)");
    }
    counters.cacheMiss();
    return fetcher.fetch(blockId, source, !noCache);
  }

  /**
   * A client on this host read the block straight from its tier file. The
   * lookup counts as an access for the eviction policy; a block evicted
   * meanwhile was still read from the cache, so it is a hit either way.
   */
  public void readDirectly(long blockId) {
    store.get(blockId);
    counters.cacheHit();
  }
}
