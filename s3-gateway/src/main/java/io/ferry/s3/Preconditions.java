package io.ferry.s3;

import io.ferry.client.PathStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The conditional headers of GET and HEAD (RFC 7232 as S3 applies them):
 * If-Match and If-Unmodified-Since fail with 412, If-None-Match and
 * If-Modified-Since answer 304 Not Modified. If-Match wins over
 * If-Unmodified-Since, If-None-Match over If-Modified-Since.
 */
public final class Preconditions {
  /** What a conditional request gets. */
  public enum Outcome { PROCEED, NOT_MODIFIED }

  private Preconditions() {}

  public static Outcome check(S3Request request, PathStatus file) throws S3Exception {
    String etag = ETags.of(file);
    Instant modified = HttpDates.toSecond(file.mtimeMs());
    Optional<String> ifMatch = request.header("If-Match");
    if (ifMatch.isPresent()) {
      if (!matches(ifMatch.get(), etag)) {
        throw S3Exception.preconditionFailed("If-Match");
      }
    } else {
      Optional<Instant> since = request.header("If-Unmodified-Since").flatMap(HttpDates::parseHttp);
      if (since.isPresent() && modified.isAfter(since.get())) {
        throw S3Exception.preconditionFailed("If-Unmodified-Since");
      }
    }
    Optional<String> ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch.isPresent()) {
      return matches(ifNoneMatch.get(), etag) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
    }
    Optional<Instant> since = request.header("If-Modified-Since").flatMap(HttpDates::parseHttp);
    return since.isPresent() && !modified.isAfter(since.get()) ? Outcome.NOT_MODIFIED : Outcome.PROCEED;
  }

  /** Whether a list of ETags (or "*") names {@code etag}; quotes are optional. */
  static boolean matches(String header, String etag) {
    String bare = etag.replace("\"", "");
    for (String candidate : header.split(",")) {
      String c = candidate.trim().replace("\"", "");
      if (c.equals("*") || c.equals(bare)) {
        return true;
      }
    }
    return false;
  }
}
