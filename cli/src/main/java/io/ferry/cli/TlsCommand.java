package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry admin tls ...}: certificates for TLS between Ferry's processes. */
@Command(name = "tls", description = "TLS certificates.", mixinStandardHelpOptions = true)
final class TlsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing tls command");
  }
}
