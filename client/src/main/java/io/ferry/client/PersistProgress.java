package io.ferry.client;

/**
 * What {@link FerryClient#persist} found at or below a path.
 *
 * @param waitingFiles complete files not in the under storage yet (their persist jobs are pending or running)
 * @param firstWaiting the path of one of those; "" if none
 * @param incompleteFiles files still being written (an ASYNC_THROUGH one is persisted once complete)
 */
public record PersistProgress(long waitingFiles, String firstWaiting, long incompleteFiles) {
  /** True when every complete file is in the under storage. */
  public boolean done() {
    return waitingFiles == 0;
  }
}
