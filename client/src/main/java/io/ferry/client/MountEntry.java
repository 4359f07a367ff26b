package io.ferry.client;

import java.util.Map;

/**
 * An under storage mounted at a Ferry path.
 *
 * @param options the mount options, secrets masked ("******")
 */
public record MountEntry(long mountId, String ferryPath, String ufsUri, Map<String, String> options,
    boolean readOnly) {
  public MountEntry {
    options = Map.copyOf(options);
  }
}
