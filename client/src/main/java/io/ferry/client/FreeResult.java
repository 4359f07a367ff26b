package io.ferry.client;

/**
 * What {@link FerryClient#free} dropped from the cache.
 *
 * @param freedFiles files whose cached blocks the workers drop
 * @param freedBytes the bytes those blocks held
 * @param notPersistedFiles cached files kept because they are not in the under storage yet
 * @param firstNotPersisted the path of one of those; "" if none
 * @param pinnedFiles cached files kept because they are pinned
 * @param firstPinned the path of one of those; "" if none
 */
public record FreeResult(long freedFiles, long freedBytes, long notPersistedFiles, String firstNotPersisted,
    long pinnedFiles, String firstPinned) {}
