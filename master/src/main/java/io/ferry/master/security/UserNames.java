package io.ferry.master.security;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** A configured comma-separated list of user names. */
final class UserNames {
  private UserNames() {}

  /** The names of {@code key}, trimmed, without empty ones; a set that can be added to. */
  static Set<String> of(FerryConfiguration conf, PropertyKey key) {
    return Arrays.stream(conf.getString(key).split(",")).map(String::trim).filter(u -> !u.isEmpty())
        .collect(Collectors.toSet());
  }
}
