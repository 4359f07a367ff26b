package io.ferry.master.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.common.security.OsAccounts;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The groups of a user as the master's OS knows them ({@code id -Gn USER}),
 * cached: SIMPLE callers state only their user. A user the OS does not know
 * has no groups.
 */
public final class GroupLookup {
  private final Cache<String, List<String>> cache;
  private final Function<String, List<String>> lookup;

  GroupLookup(Duration ttl, Function<String, List<String>> lookup) {
    this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
    this.lookup = lookup;
  }

  public static GroupLookup ofOs(Duration ttl) {
    return new GroupLookup(ttl, OsAccounts::groupsOf);
  }

  public List<String> groupsOf(String user) {
    return cache.get(user, lookup);
  }
}
