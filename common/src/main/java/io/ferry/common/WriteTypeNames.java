package io.ferry.common;

import io.ferry.proto.WriteType;
import java.util.Locale;
import java.util.Optional;

/** The write types as users type them (any case, '-' for '_'): configuration keys and mount options. */
public final class WriteTypeNames {
  /** For messages: what a write type may be. */
  public static final String EXPECTED = "CACHE_THROUGH, THROUGH, MUST_CACHE or ASYNC_THROUGH";

  private WriteTypeNames() {}

  /** The write type {@code text} names; empty if it names none. */
  public static Optional<WriteType> parse(String text) {
    String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (WriteType t : WriteType.values()) {
      if (t != WriteType.UNRECOGNIZED && t != WriteType.WRITE_TYPE_UNSPECIFIED && t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
