package io.ferry.cli;

import io.ferry.client.PathStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the CLI shows modes, sizes, times and ratios. */
public final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  private Formats() {}

  /** {@code drwxr-xr-x} style, 'd' for directories. */
  public static String mode(boolean directory, int mode) {
    StringBuilder sb = new StringBuilder(directory ? "d" : "-");
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      sb.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return sb.toString();
  }

  /**
   * Appends one line of {@code ferry fs ls} (mode, owner, group, size, % cached, mtime, name, newline) to
   * {@code line}: the columns of {@code "%s %-10s %-10s %14d %4s %s %s%n"}, without a Formatter per entry,
   * which cost more than the rest of a listing of 100,000 files.
   */
  public static void appendLsLine(StringBuilder line, PathStatus f, String name) {
    line.append(mode(f.isDirectory(), f.mode())).append(' ');
    padRight(line, f.owner(), 10).append(' ');
    padRight(line, f.group(), 10).append(' ');
    padLeft(line, Long.toString(f.length()), 14).append(' ');
    padLeft(line, cachedPercent(f), 4).append(' ');
    line.append(time(f.mtimeMs())).append(' ').append(name).append('\n');
  }

  private static StringBuilder padRight(StringBuilder sb, String s, int width) {
    sb.append(s);
    for (int i = s.length(); i < width; i++) {
      sb.append(' ');
    }
    return sb;
  }

  private static StringBuilder padLeft(StringBuilder sb, String s, int width) {
    for (int i = s.length(); i < width; i++) {
      sb.append(' ');
    }
    return sb.append(s);
  }

  /**
   * How much of a file the workers cache, rounded down ("99%" until the last byte is in, "<1%" for
   * a few cached pages of a large file); "-" for no bytes.
   */
  static String cachedPercent(PathStatus f) {
    if (f.isDirectory() || f.length() == 0) {
      return "-";
    }
    long percent = 100 * f.cachedBytes() / f.length();
    return (percent == 0 && f.cachedBytes() > 0 ? "<1" : String.valueOf(percent)) + "%";
  }

  /** {@link #cachedPercent} to a tenth of a percent ("<0.1%" for a few pages of a large file), for a file's status. */
  static String cachedPercentTenths(PathStatus f) {
    if (f.length() == 0) {
      return "-";
    }
    long tenths = 1000 * f.cachedBytes() / f.length();
    return tenths == 0 && f.cachedBytes() > 0 ? "<0.1%" : String.format(Locale.ROOT, "%d.%d%%", tenths / 10, tenths % 10);
  }

  /** "free at 2026-12-07 05:00:00" or "delete at …"; "none". */
  static String ttl(PathStatus f) {
    return f.ttl().map(t -> t.action().name().toLowerCase(Locale.ROOT) + " at " + time(t.expiryMs())).orElse("none");
  }

  /** The second last formatted: a listing's entries mostly share their second, and a format costs ~1 µs. */
  private static volatile FormattedSecond lastTime = new FormattedSecond(Long.MIN_VALUE, "");

  private record FormattedSecond(long second, String text) {}

  /** The local time to the second ({@link #TIME}: no finer field, so one text per second). */
  public static String time(long epochMs) {
    long second = Math.floorDiv(epochMs, 1000);
    FormattedSecond last = lastTime;
    if (last.second() != second) {
      last = new FormattedSecond(second, TIME.format(Instant.ofEpochSecond(second)));
      lastTime = last;
    }
    return last.text();
  }

  /** 1536 -> "1.50 KiB". */
  public static String bytes(long n) {
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.2f %s", v, UNITS[unit]);
  }

  /** part / whole as a percentage, "n/a" when whole is 0. */
  public static String percent(long part, long whole) {
    return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }
}
