package io.ferry.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry bench ...}: benchmarks against a running cluster. */
@Command(name = "bench", description = "Benchmarks against a running cluster.", mixinStandardHelpOptions = true)
public final class BenchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing bench command");
  }
}
