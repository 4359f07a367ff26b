package io.ferry.client.cli;

import io.ferry.common.conf.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one line the CLI prints for a failure. */
final class ErrorMessages {
  private ErrorMessages() {}

  static String of(Throwable e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if ((t instanceof IOException || t instanceof ConfigurationException) && t.getMessage() != null) {
      return t.getMessage().replace('\n', ' ');
    }
    return t.toString().replace('\n', ' ');
  }
}
