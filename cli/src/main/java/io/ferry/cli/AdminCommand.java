package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry admin ...}: commands for the cluster's administrators. */
@Command(name = "admin", description = "Administration commands.", mixinStandardHelpOptions = true)
final class AdminCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing admin command");
  }
}
