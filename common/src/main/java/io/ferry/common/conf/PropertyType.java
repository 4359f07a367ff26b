package io.ferry.common.conf;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types of configuration keys, each with its parser. */
public enum PropertyType {
  STRING {
    @Override
    public Object parse(String raw) {
      return raw;
    }
  },
  INT {
    @Override
    public Object parse(String raw) {
      try {
        return Integer.parseInt(raw.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected an integer");
      }
    }
  },
  BOOLEAN {
    @Override
    public Object parse(String raw) {
      String v = raw.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        return Boolean.parseBoolean(v);
      }
      throw new IllegalArgumentException("expected true or false");
    }
  },
  /** A byte size: 1048576, 64KB, 64MiB, 1g (binary multiples). */
  BYTES {
    @Override
    public Object parse(String raw) {
      return parseBytes(raw);
    }
  },
  /** A duration: 500ms, 30s, 5m, 1h, or a plain number of milliseconds. */
  DURATION {
    @Override
    public Object parse(String raw) {
      return parseDuration(raw);
    }
  };

  private static final Pattern BYTES_PATTERN =
      Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION_PATTERN =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  /** Parses or throws IllegalArgumentException saying what was expected. */
  public abstract Object parse(String raw);

  public static long parseBytes(String raw) {
    Matcher m = BYTES_PATTERN.matcher(raw.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a byte size such as 1048576, 64MB or 1GiB");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "k": return n << 10;
      case "m": return n << 20;
      case "g": return n << 30;
      case "t": return n << 40;
      default: return n;
    }
  }

  public static Duration parseDuration(String raw) {
    Matcher m = DURATION_PATTERN.matcher(raw.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    switch (unit) {
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      case "h": return Duration.ofHours(n);
      case "d": return Duration.ofDays(n);
      default: return Duration.ofMillis(n);
    }
  }
}
