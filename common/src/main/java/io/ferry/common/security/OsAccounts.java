package io.ferry.common.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this host's OS knows of its accounts, asked through {@code id} (so
 * users of NSS, LDAP... count too). Uncached: callers cache.
 */
public final class OsAccounts {
  private static final Logger LOG = LoggerFactory.getLogger(OsAccounts.class);

  private OsAccounts() {}

  /** The user name of {@code uid} ({@code id -nu}); empty when the host has none. */
  public static Optional<String> userName(long uid) {
    return id("-nu", Long.toString(uid));
  }

  /** The groups of {@code user} ({@code id -Gn}), its primary group first; none for a user the host does not know. */
  public static List<String> groupsOf(String user) {
    return id("-Gn", user).map(out -> Arrays.asList(out.split("\\s+"))).orElse(List.of());
  }

  /** What {@code id OPTION -- ARGUMENT} prints, empty when it fails or prints nothing. */
  private static Optional<String> id(String option, String argument) {
    try {
      Process p = new ProcessBuilder("id", option, "--", argument).redirectErrorStream(true).start();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
        return Optional.empty(); // not an account of this host
      }
      return Optional.of(out);
    } catch (IOException e) {
      LOG.warn("Cannot run id {} {}: {}", option, argument, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
