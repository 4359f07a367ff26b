package io.ferry.client;

/** How a client's writes reach the under storage (DESIGN.md, "Writes"). */
public enum WriteType {
  /** Written to the under storage synchronously and cached. */
  CACHE_THROUGH,
  /** Under storage only. */
  THROUGH,
  /** Cache only, not persisted. */
  MUST_CACHE,
  /**
   * Write-back: acknowledged once cached on {@code ferry.user.file.replication.durable} workers, then
   * persisted to the under storage in the background.
   */
  ASYNC_THROUGH
}
