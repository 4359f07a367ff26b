package io.ferry.cli;

import io.ferry.common.conf.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/** The one line a Ferry command prints for a failure, instead of a stack trace. */
public final class ErrorMessages {
  private ErrorMessages() {}

  public static String of(Throwable e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if (t instanceof FileSystemException f && f.getReason() == null) {
      return ofLocalFile(f); // its message is the bare path
    }
    if ((t instanceof IOException || t instanceof ConfigurationException) && t.getMessage() != null) {
      return t.getMessage().replace('\n', ' ');
    }
    return t.toString().replace('\n', ' ');
  }

  private static String ofLocalFile(FileSystemException f) {
    String what = f instanceof NoSuchFileException ? "No such file or directory"
        : f instanceof AccessDeniedException ? "Permission denied"
        : f instanceof FileAlreadyExistsException ? "File exists"
        : f instanceof DirectoryNotEmptyException ? "Directory not empty"
        : f instanceof NotDirectoryException ? "Not a directory"
        : "Cannot use";
    return what + ": " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
  }

  /** Handles a command's failure by printing {@code "<command>: <message>"}; exit code 1. */
  public static CommandLine.IExecutionExceptionHandler printedAs(String command) {
    return (e, cmd, parseResult) -> {
      cmd.getErr().println(command + ": " + of(e));
      return 1;
    };
  }
}
