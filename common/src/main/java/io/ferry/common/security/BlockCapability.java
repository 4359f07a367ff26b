package io.ferry.common.security;

import java.time.Instant;

/**
 * What the master let a user do with the blocks of one file, until when: the
 * signed content of a capability ({@link BlockCapabilities}). The UFS file is
 * part of it, so that a capability for one file cannot make a worker fetch or
 * write another under storage file.
 *
 * @param ufsUri the file's URI in its under storage, as the master knows it
 */
public record BlockCapability(long fileId, Access access, long mountId, String ufsUri, String user,
    Instant expiry) {
  /** What a capability allows. A write capability allows no reads. */
  public enum Access { READ, WRITE }
}
