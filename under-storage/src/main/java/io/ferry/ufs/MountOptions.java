package io.ferry.ufs;

import io.ferry.common.conf.PropertyType;
import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The mount options one backend owns: those whose key starts with its prefix
 * (e.g. {@code s3.}). Options of other prefixes (Ferry's own, such as
 * {@code sync.interval}) are not this backend's business and are ignored; an
 * unknown key of its own prefix, or a malformed value, fails INVALID_ARGUMENT
 * naming the key (never the value: it may be a secret).
 */
public final class MountOptions {
  private final String prefix;
  private final Map<String, String> own = new TreeMap<>();

  private MountOptions(String prefix) {
    this.prefix = prefix;
  }

  /** The options of {@code prefix}, all of whose keys must be among {@code known} (full keys). */
  public static MountOptions of(String prefix, Map<String, String> options, Set<String> known)
      throws FerryException {
    MountOptions result = new MountOptions(prefix);
    Set<String> unknown = new TreeSet<>();
    options.forEach((key, value) -> {
      if (key.startsWith(prefix)) {
        if (known.contains(key)) {
          result.own.put(key, value);
        } else {
          unknown.add(key);
        }
      }
    });
    if (!unknown.isEmpty()) {
      throw FerryException.invalidArgument(
          "Unknown mount option(s) " + unknown + "; the known '" + prefix + "*' options are " + new TreeSet<>(known));
    }
    return result;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(own.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public boolean getBoolean(String key, boolean defaultValue) throws FerryException {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw malformed(key, "true or false");
    };
  }

  public int getInt(String key, int defaultValue, int min) throws FerryException {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw malformed(key, "an integer >= " + min);
  }

  /** A duration such as 500ms, 30s or 5m; must be positive. */
  public Duration getDuration(String key, Duration defaultValue) throws FerryException {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      Duration value = PropertyType.parseDuration(raw.get());
      if (!value.isZero() && !value.isNegative()) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw malformed(key, "a positive duration such as 500ms, 30s or 5m");
  }

  /** A size such as 8m or 16777216; at least {@code min} bytes. */
  public long getBytes(String key, long defaultValue, long min) throws FerryException {
    Optional<String> raw = get(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      long value = PropertyType.parseBytes(raw.get());
      if (value >= min) {
        return value;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw malformed(key, "a size of at least " + min + " bytes, such as 8m");
  }

  private static FerryException malformed(String key, String expected) {
    return FerryException.invalidArgument("Mount option '" + key + "' must be " + expected);
  }
}
