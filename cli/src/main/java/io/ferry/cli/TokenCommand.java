package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry admin token ...}: the tokens of TOKEN authentication. */
@Command(name = "token", description = "Authentication tokens.", mixinStandardHelpOptions = true)
final class TokenCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing token command");
  }
}
