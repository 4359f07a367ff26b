package io.ferry.master.namespace;

import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets the request ids of mutations applied longer ago than the retention
 * ({@code ferry.master.request.id.retention}), the oldest first. A client
 * retries a mutation for at most its failover timeout, so after that an id
 * only takes room in the metastore. Run by the leading master; the others
 * drop the same ids when they apply its journal entry.
 */
public final class RequestIdExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(RequestIdExpiry.class);
  /** Ids forgotten per journal entry. */
  private static final int BATCH = 10_000;

  private final FileSystemMaster fs;
  private final LongSupplier clockMs;
  private final long retentionMs;

  public RequestIdExpiry(FileSystemMaster fs, LongSupplier clockMs, Duration retention) {
    this.fs = fs;
    this.clockMs = clockMs;
    this.retentionMs = retention.toMillis();
  }

  /** Forgets every id older than the retention; how many it forgot. */
  public int forgetExpired() throws FerryException {
    long before = clockMs.getAsLong() - retentionMs;
    int forgotten = 0;
    int batch;
    do {
      batch = fs.forgetRequestsDoneBefore(before, BATCH);
      forgotten += batch;
    } while (batch == BATCH);
    return forgotten;
  }

  /** {@link #forgetExpired} for a schedule: a failure is logged and tried again at the next run. */
  public void runOnce() {
    try {
      forgetExpired();
    } catch (FerryException e) {
      LOG.warn("Forgetting expired request ids failed (tried again at the next check): {}", e.getMessage());
    }
  }
}
