package io.ferry.common;

import io.ferry.common.error.FerryException;

/** The bounds of a replication factor: how many workers cache each block of a file. */
public final class Replication {
  public static final int MAX = 16;

  private Replication() {}

  /** {@code factor} if it is between 1 and {@link #MAX}; else INVALID_ARGUMENT naming {@code what}. */
  public static int check(int factor, String what) throws FerryException {
    if (factor < 1 || factor > MAX) {
      throw FerryException.invalidArgument(what + " must be between 1 and " + MAX + ", not " + factor);
    }
    return factor;
  }

  /** Parses and checks a factor given as text. */
  public static int parse(String raw, String what) throws FerryException {
    try {
      return check(Integer.parseInt(raw.trim()), what);
    } catch (NumberFormatException e) {
      throw FerryException.invalidArgument(what + " must be a number between 1 and " + MAX + ", not '" + raw + "'");
    }
  }
}
