package io.ferry.client;

import io.ferry.common.WriteTypeNames;
import io.ferry.common.error.FerryException;
import java.util.Locale;

/** Parses the write types users type (CACHE_THROUGH, THROUGH, MUST_CACHE, ASYNC_THROUGH; any case, '-' for '_'). */
public final class WriteTypes {
  private WriteTypes() {}

  public static WriteType parse(String text) throws FerryException {
    String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (WriteType t : WriteType.values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw FerryException.invalidArgument(
        "Unknown write type '" + text + "' (expected " + WriteTypeNames.EXPECTED + ")");
  }
}
