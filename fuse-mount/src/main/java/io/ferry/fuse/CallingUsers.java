package io.ferry.fuse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.common.security.OsAccounts;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user names of the uids calling the mount, as the OS names them
 * ({@code id -nu UID}, so NSS users too), cached: a FUSE request costs a
 * map lookup. A uid the OS has no name for acts as {@value #UNKNOWN}, as NFS
 * maps the users it cannot map, and the mount says so once per uid.
 */
final class CallingUsers {
  private static final Logger LOG = LoggerFactory.getLogger(CallingUsers.class);
  /** Who a uid without a name acts as. */
  static final String UNKNOWN = "nobody";
  private static final Duration TTL = Duration.ofMinutes(5);

  private final Cache<Long, String> names;
  private final LongFunction<Optional<String>> lookup;

  CallingUsers(Duration ttl, LongFunction<Optional<String>> lookup) {
    this.names = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).build();
    this.lookup = lookup;
  }

  static CallingUsers ofOs() {
    return new CallingUsers(TTL, OsAccounts::userName);
  }

  /** The user name of {@code uid}, or {@value #UNKNOWN}. */
  String nameOf(long uid) {
    return names.get(uid, this::lookUp);
  }

  private String lookUp(long uid) {
    return lookup.apply(uid).orElseGet(() -> {
      LOG.warn("uid {} has no user name on this host: its calls through the mount act as '{}'", uid, UNKNOWN);
      return UNKNOWN;
    });
  }
}
