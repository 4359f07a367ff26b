package io.ferry.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** The two time formats of S3: HTTP dates in headers, ISO 8601 in XML. */
public final class HttpDates {
  private static final DateTimeFormatter HTTP =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private HttpDates() {}

  public static String http(long epochMs) {
    return HTTP.format(Instant.ofEpochMilli(epochMs));
  }

  public static String iso(long epochMs) {
    return ISO.format(Instant.ofEpochMilli(epochMs));
  }

  /** An HTTP date (RFC 1123) as an instant; empty when it does not parse (S3 then ignores the header). */
  public static Optional<Instant> parseHttp(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** HTTP dates have whole seconds: a modification time compares by its second. */
  public static Instant toSecond(long epochMs) {
    return Instant.ofEpochMilli(epochMs).truncatedTo(ChronoUnit.SECONDS);
  }
}
