package io.ferry.client;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An under storage mounted at a Ferry path.
 *
 * @param options the mount options, in the order of their names, secrets masked ("******")
 */
public record MountEntry(long mountId, String ferryPath, String ufsUri, Map<String, String> options,
    boolean readOnly) {
  public MountEntry {
    options = Collections.unmodifiableMap(new TreeMap<>(options));
  }
}
