package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fs mkdir}. */
@Command(name = "mkdir", description = "Create directories.", mixinStandardHelpOptions = true)
final class MkdirCommand extends ClientCommand {
  @Option(names = {"-p", "--parents"}, description = "Create missing parents; no error if it exists.")
  boolean parents;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Ferry paths.")
  List<String> paths;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    for (String path : paths) {
      client.createDirectory(path, parents);
    }
  }
}
