package io.ferry.cli;

import io.ferry.common.conf.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** The one line a Ferry command prints for a failure, instead of a stack trace. */
public final class ErrorMessages {
  private ErrorMessages() {}

  public static String of(Throwable e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if ((t instanceof IOException || t instanceof ConfigurationException) && t.getMessage() != null) {
      return t.getMessage().replace('\n', ' ');
    }
    return t.toString().replace('\n', ' ');
  }

  /** Handles a command's failure by printing {@code "<command>: <message>"}; exit code 1. */
  public static CommandLine.IExecutionExceptionHandler printedAs(String command) {
    return (e, cmd, parseResult) -> {
      cmd.getErr().println(command + ": " + of(e));
      return 1;
    };
  }
}
