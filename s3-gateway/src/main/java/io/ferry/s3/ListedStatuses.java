package io.ferry.s3;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.client.PathStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * The statuses of the files the endpoint listed, for {@code ttl}: a client
 * that lists a bucket and then gets each key (what dataset readers do) costs
 * the master one listing instead of one call per key. Every change the
 * endpoint makes forgets what it names, so its own writes show at once;
 * other clients' changes show once the entry expires, as with the FUSE
 * mount's metadata cache. A read through an entry whose file changed in its
 * under storage meanwhile is answered FILE_CHANGED by the worker and served
 * at the current version (see {@link ObjectReads}).
 */
final class ListedStatuses {
  private static final int MAX_ENTRIES = 200_000;

  /** Null when the cache is off (a zero TTL). */
  private final Cache<String, PathStatus> cache;

  ListedStatuses(Duration ttl) {
    this.cache = ttl.isZero() ? null
        : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_ENTRIES).build();
  }

  void put(PathStatus file) {
    if (cache != null && !file.isDirectory()) {
      cache.put(file.path(), file);
    }
  }

  Optional<PathStatus> get(String path) {
    return cache == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(path));
  }

  void forget(String path) {
    if (cache != null) {
      cache.invalidate(path);
    }
  }

  /** Forgets everything below directory {@code dir} (a walk of the cache: for bucket-wide changes only). */
  void forgetBelow(String dir) {
    if (cache != null) {
      String below = dir.endsWith("/") ? dir : dir + "/";
      cache.asMap().keySet().removeIf(p -> p.startsWith(below));
    }
  }
}
