package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.metastore.MetaStore;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FreeRequest;
import io.ferry.proto.FreeResponse;
import io.ferry.proto.SetTtlRequest;
import io.ferry.proto.TtlAction;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the times to live that ended ({@link FileSystemMaster#setTtl}),
 * the earliest first: TTL_FREE frees what it was set on and removes the time
 * to live; TTL_DELETE deletes it with everything below, in the under storage
 * too. Run by the leading master; what fails is tried again at the next check.
 */
public final class TtlChecker {
  private static final Logger LOG = LoggerFactory.getLogger(TtlChecker.class);
  /** Expired entries acted on per check; the rest wait for the next one. */
  private static final int BATCH = 1000;

  private final MetaStore store;
  private final FileSystemMaster fs;
  private final LongSupplier clockMs;

  public TtlChecker(MetaStore store, FileSystemMaster fs, LongSupplier clockMs) {
    this.store = store;
    this.fs = fs;
    this.clockMs = clockMs;
  }

  /** Frees or deletes what the ended times to live were set on; how many were acted on. */
  public int expire() {
    int acted = 0;
    for (long id : store.expiredTtlIds(clockMs.getAsLong(), BATCH)) {
      try {
        if (expire(id)) {
          acted++;
        }
      } catch (FerryException e) {
        LOG.warn("Time to live of inode {} ended, acting on it failed (tried again at the next check): {}", id,
            e.getMessage());
      }
    }
    return acted;
  }

  private boolean expire(long id) throws FerryException {
    Optional<InodeRecord> inode = store.inode(id);
    Optional<String> path = fs.pathOf(id);
    if (inode.isEmpty() || path.isEmpty() || inode.get().getTtlExpiryMs() == 0
        || inode.get().getTtlExpiryMs() > clockMs.getAsLong()) {
      return false; // gone, or its time to live changed since the scan
    }
    if (inode.get().getTtlAction() == TtlAction.TTL_DELETE) {
      fs.delete(DeleteRequest.newBuilder().setPath(path.get()).setRecursive(true).build());
      LOG.info("Time to live of {} ended: deleted", path.get());
    } else {
      FreeResponse freed = fs.free(FreeRequest.newBuilder().setPath(path.get()).build());
      fs.setTtl(SetTtlRequest.newBuilder().setPath(path.get()).setTtlMs(0).build());
      LOG.info("Time to live of {} ended: freed {} file(s), {} bytes", path.get(), freed.getFreedFiles(),
          freed.getFreedBytes());
    }
    return true;
  }
}
