package io.ferry.fuse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The mount's cache of file statuses by Ferry path, missing paths included,
 * for a TTL. Listings fill it for their children, so `ls -l` and a training
 * loop over a listed directory cost one RPC per directory, not one per file.
 * The mount invalidates what its own mutations change; changes made by other
 * clients show after the TTL.
 */
final class MetadataCache {
  private static final long MAX_ENTRIES = 1_000_000;

  private final FerryClient client;
  private final Cache<String, Optional<PathStatus>> statuses;

  MetadataCache(FerryClient client, Duration ttl) {
    this.client = client;
    this.statuses = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumSize(ttl.isZero() ? 0 : MAX_ENTRIES)
        .build();
  }

  /** The status of a path; NOT_FOUND (possibly cached) when it does not exist. */
  PathStatus status(String path) throws FerryException {
    Optional<PathStatus> cached = statuses.getIfPresent(path);
    if (cached != null) {
      return cached.orElseThrow(() -> FerryException.notFound(path));
    }
    try {
      PathStatus info = client.getStatus(path);
      statuses.put(path, Optional.of(info));
      return info;
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        statuses.put(path, Optional.empty());
      }
      throw e;
    }
  }

  /**
   * The children of a directory, remembered one by one without the block
   * capabilities the master signed for the user who listed: the cache
   * answers every local user, and each reads with a capability of its own
   * (FerryInputStream asks the master for it as that user).
   */
  List<PathStatus> list(String dir) throws FerryException {
    List<PathStatus> children = client.listStatus(dir);
    for (PathStatus child : children) {
      statuses.put(child.path(), Optional.of(child.withCapability("")));
    }
    return children;
  }

  /** Remembers the status the master answered a change with. */
  void put(PathStatus info) {
    statuses.put(info.path(), Optional.of(info));
  }

  /** Forgets a path whose status the mount just changed. */
  void invalidate(String path) {
    statuses.invalidate(path);
  }

  /** Forgets everything (after a rename, which moves a whole subtree). */
  void invalidateAll() {
    statuses.invalidateAll();
  }
}
