package io.ferry.ufs;

import io.ferry.common.conf.PropertyType;
import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values of the mount options one backend owns (declared in
 * {@link MountOption} for it), each read with its type and default. Keys of
 * other backends and Ferry's own (such as {@code sync.interval}) are not
 * this backend's business and are ignored here: the master refuses them at
 * mount time. An undeclared key of the backend's prefix, or a malformed
 * value, fails INVALID_ARGUMENT naming the key (never the value: it may be a
 * secret).
 */
public final class MountOptions {
  private final Map<String, String> own = new TreeMap<>();

  private MountOptions() {}

  /** The options of {@code backend} among {@code options}. */
  public static MountOptions of(UfsBackend backend, Map<String, String> options) throws FerryException {
    MountOptions result = new MountOptions();
    Set<String> unknown = new TreeSet<>();
    options.forEach((key, value) -> {
      Optional<MountOption> option = MountOption.forKey(key);
      if (option.isPresent() && option.get().backend().equals(Optional.of(backend))) {
        result.own.put(key, value);
      } else if (backend.optionPrefix() != null && key.startsWith(backend.optionPrefix())) {
        unknown.add(key);
      }
    });
    if (!unknown.isEmpty()) {
      Set<String> known = new TreeSet<>();
      MountOption.all().values().stream().filter(o -> o.backend().equals(Optional.of(backend)))
          .forEach(o -> known.add(o.name()));
      throw FerryException.invalidArgument("Unknown mount option(s) " + unknown + "; the known '"
          + backend.optionPrefix() + "*' options are " + known);
    }
    return result;
  }

  /** The value given, if any (blank counts as none); no default. */
  public Optional<String> get(MountOption option) {
    return Optional.ofNullable(own.get(option.name())).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The value given, else the option's default. */
  public String getString(MountOption option) {
    return raw(option).orElseThrow();
  }

  public boolean getBoolean(MountOption option) throws FerryException {
    return switch (getString(option).toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw malformed(option, "true or false");
    };
  }

  public int getInt(MountOption option, int min) throws FerryException {
    return parsed(option, Integer::parseInt, v -> v >= min, "an integer >= " + min);
  }

  /** A duration such as 500ms, 30s or 5m; must be positive. */
  public Duration getDuration(MountOption option) throws FerryException {
    return parsed(option, PropertyType::parseDuration, v -> !v.isZero() && !v.isNegative(),
        "a positive duration such as 500ms, 30s or 5m");
  }

  /** A size such as 8m or 16777216; at least {@code min} bytes. */
  public long getBytes(MountOption option, long min) throws FerryException {
    return parsed(option, PropertyType::parseBytes, v -> v >= min, "a size of at least " + min + " bytes, such as 8m");
  }

  /** The value (given or default) parsed, if it is {@code valid}; else INVALID_ARGUMENT saying what is {@code expected}. */
  private <T> T parsed(MountOption option, Function<String, T> parse, Predicate<T> valid, String expected)
      throws FerryException {
    try {
      T value = parse.apply(getString(option));
      if (valid.test(value)) {
        return value;
      }
    } catch (IllegalArgumentException e) { // also NumberFormatException
      // reported below
    }
    throw malformed(option, expected);
  }

  private Optional<String> raw(MountOption option) {
    return get(option).or(option::defaultValue);
  }

  private static FerryException malformed(MountOption option, String expected) {
    return FerryException.invalidArgument("Mount option '" + option + "' must be " + expected);
  }
}
