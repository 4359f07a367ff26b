package io.ferry.cli;

import io.ferry.common.conf.PropertyType;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** A command-line option holding a positive duration (12h, 30d), or a usage error naming the option. */
final class PositiveDuration {
  private PositiveDuration() {}

  static Duration parse(CommandLine command, String option, String value) {
    try {
      Duration d = PropertyType.parseDuration(value);
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new ParameterException(command, "Invalid " + option + " '" + value + "': expected a positive duration "
        + "such as 12h or 30d");
  }
}
