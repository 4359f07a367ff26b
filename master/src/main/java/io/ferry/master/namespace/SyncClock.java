package io.ferry.master.namespace;

import java.util.function.LongSupplier;

/**
 * The master's clock for the times entries are stamped synced, which also
 * orders a UFS listing against Ferry's own changes: every stamp given before
 * a listing began is older than the listing's start, every stamp given after
 * it is at least as new. A millisecond clock alone cannot say which came
 * first within one millisecond, so a listing's start moves one millisecond
 * past the last stamp when they would tie. Stamps never go backwards.
 */
final class SyncClock {
  private final LongSupplier clockMs;
  private long lastMs;

  SyncClock(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  /** Now, in milliseconds, never before an earlier stamp or listing start. */
  synchronized long stampMs() {
    lastMs = Math.max(lastMs, clockMs.getAsLong());
    return lastMs;
  }

  /** The start of a UFS listing: after every stamp given so far. */
  synchronized long listingStartMs() {
    lastMs = Math.max(lastMs + 1, clockMs.getAsLong());
    return lastMs;
  }
}
