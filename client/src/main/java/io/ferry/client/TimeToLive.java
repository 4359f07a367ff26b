package io.ferry.client;

/**
 * When a file or directory's time to live ends and what then happens to it.
 *
 * @param expiryMs when it ends (epoch ms)
 */
public record TimeToLive(long expiryMs, Action action) {
  /** What happens when a time to live ends. */
  public enum Action {
    /** Its cached copies are dropped (those of files in the under storage). */
    FREE,
    /** It is deleted with everything below it, in the under storage too. */
    DELETE
  }
}
