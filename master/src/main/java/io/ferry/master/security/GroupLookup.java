package io.ferry.master.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of a user as the master's OS knows them ({@code id -Gn USER}),
 * cached: SIMPLE callers state only their user. A user the OS does not know
 * has no groups.
 */
public final class GroupLookup {
  private static final Logger LOG = LoggerFactory.getLogger(GroupLookup.class);

  private final Cache<String, List<String>> cache;
  private final Function<String, List<String>> lookup;

  GroupLookup(Duration ttl, Function<String, List<String>> lookup) {
    this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
    this.lookup = lookup;
  }

  public static GroupLookup ofOs(Duration ttl) {
    return new GroupLookup(ttl, GroupLookup::idGn);
  }

  public List<String> groupsOf(String user) {
    return cache.get(user, lookup);
  }

  private static List<String> idGn(String user) {
    try {
      Process p = new ProcessBuilder("id", "-Gn", "--", user).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return List.of(); // not a user of this host
      }
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\s+"));
    } catch (IOException e) {
      LOG.warn("Cannot look up the groups of {}: {}", user, e.toString());
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }
}
