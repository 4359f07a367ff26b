package io.ferry.ufs.local;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What recent paged listings have not returned yet ({@code T}: their names), keyed by
 * directory and page token, so that each page of a large directory takes
 * the next names instead of rescanning it (100 pages of a 100,000-entry
 * directory were 100 full scans). A listing continued after its directory
 * changed sees the names of its first scan; statuses are read per page.
 * At most {@link #MAX_LISTINGS} listings are kept, each for at most a minute.
 */
final class ListingContinuations<T> {
  static final int MAX_LISTINGS = 8;
  private static final long MAX_AGE_NANOS = 60_000_000_000L;

  private record Rest<T>(T names, long createdNanos) {}

  private final Map<String, Rest<T>> byToken = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Rest<T>> eldest) {
      return size() > MAX_LISTINGS;
    }
  };

  /** The names after {@code token} left by the listing that returned it, removed from here; empty if unknown. */
  synchronized Optional<T> take(Path dir, String token) {
    dropExpired();
    Rest<T> rest = byToken.remove(key(dir, token));
    return Optional.ofNullable(rest).map(Rest::names);
  }

  /** Keeps the names that follow page token {@code token} of a listing of {@code dir}. */
  synchronized void put(Path dir, String token, T rest) {
    dropExpired();
    byToken.put(key(dir, token), new Rest<>(rest, System.nanoTime()));
  }

  private void dropExpired() {
    long now = System.nanoTime();
    for (Iterator<Rest<T>> it = byToken.values().iterator(); it.hasNext(); ) {
      if (now - it.next().createdNanos() > MAX_AGE_NANOS) {
        it.remove();
      }
    }
  }

  private static String key(Path dir, String token) {
    return dir + "\0" + token;
  }
}
