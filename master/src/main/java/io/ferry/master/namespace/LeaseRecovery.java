package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.InodeRecord;
import io.ferry.master.metastore.MetaStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HDFS-like lease recovery of files left incomplete by a crash (of the
 * client, its worker, or the master before the completion was durable).
 * A file's writer holds its lease while the worker serving its WriteFile
 * stream names it in heartbeats; once none has for the lease timeout,
 * counted from the file's creation, its last renewal or this master taking
 * the lead, whichever is latest, the file is recovered
 * ({@link FileSystemMaster#recoverIncompleteFile}).
 */
public final class LeaseRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRecovery.class);

  private final MetaStore store;
  private final FileSystemMaster fs;
  private final Duration leaseTimeout;
  private final LongSupplier clockMs;
  private final Map<Long, Long> renewedMs = new ConcurrentHashMap<>();
  private volatile long leadingSinceMs;

  public LeaseRecovery(MetaStore store, FileSystemMaster fs, Duration leaseTimeout, LongSupplier clockMs) {
    this.store = store;
    this.fs = fs;
    this.leaseTimeout = leaseTimeout;
    this.clockMs = clockMs;
    this.leadingSinceMs = clockMs.getAsLong();
  }

  /** A worker is writing these files (its heartbeat said so). */
  public void renew(List<Long> fileIds) {
    long now = clockMs.getAsLong();
    fileIds.forEach(id -> renewedMs.put(id, now));
  }

  /** This master took the lead: writers get a full lease to show up in its heartbeats. */
  public void becameLeader() {
    leadingSinceMs = clockMs.getAsLong();
  }

  /** Recovers every incomplete file whose lease expired; how many were recovered. */
  public int recoverExpired() {
    long now = clockMs.getAsLong();
    Set<Long> incomplete = new HashSet<>(store.incompleteFileIds());
    renewedMs.keySet().retainAll(incomplete);
    int recovered = 0;
    for (long id : incomplete) {
      Optional<InodeRecord> file = store.inode(id);
      if (file.isEmpty() || now - lastSignOfWriter(file.get()) < leaseTimeout.toMillis()) {
        continue;
      }
      try {
        recovered += fs.recoverIncompleteFile(id) ? 1 : 0;
      } catch (FerryException e) {
        LOG.warn("Cannot recover incomplete file {} yet: {}", id, e.getMessage());
      }
    }
    return recovered;
  }

  private long lastSignOfWriter(InodeRecord file) {
    return Math.max(Math.max(leadingSinceMs, file.getMtimeMs()), renewedMs.getOrDefault(file.getId(), 0L));
  }
}
