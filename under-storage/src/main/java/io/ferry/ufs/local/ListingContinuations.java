package io.ferry.ufs.local;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sorted names not yet returned by recent paged listings, keyed by
 * directory and page token, so that each page of a large directory takes
 * the next names instead of rescanning it (100 pages of a 100,000-entry
 * directory were 100 full scans). A listing continued after its directory
 * changed sees the names of its first scan; statuses are read per page.
 * At most {@link #MAX_LISTINGS} listings are kept, each for at most a minute.
 */
final class ListingContinuations {
  static final int MAX_LISTINGS = 8;
  private static final long MAX_AGE_NANOS = 60_000_000_000L;

  private record Rest(List<String> names, long createdNanos) {}

  private final Map<String, Rest> byToken = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Rest> eldest) {
      return size() > MAX_LISTINGS;
    }
  };

  /** The names after {@code token} left by the listing that returned it, removed from here; empty if unknown. */
  synchronized Optional<List<String>> take(Path dir, String token) {
    dropExpired();
    Rest rest = byToken.remove(key(dir, token));
    return Optional.ofNullable(rest).map(Rest::names);
  }

  /** Keeps the names that follow page token {@code token} of a listing of {@code dir}. */
  synchronized void put(Path dir, String token, List<String> rest) {
    dropExpired();
    byToken.put(key(dir, token), new Rest(rest, System.nanoTime()));
  }

  private void dropExpired() {
    long now = System.nanoTime();
    for (Iterator<Rest> it = byToken.values().iterator(); it.hasNext(); ) {
      if (now - it.next().createdNanos() > MAX_AGE_NANOS) {
        it.remove();
      }
    }
  }

  private static String key(Path dir, String token) {
    return dir + "\0" + token;
  }
}
