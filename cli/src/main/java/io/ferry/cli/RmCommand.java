package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry fs rm}: removes files, and directories with their contents when -R. */
@Command(name = "rm", description = "Remove files or directories.", mixinStandardHelpOptions = true)
final class RmCommand extends ClientCommand {
  @Option(names = {"-R", "-r", "--recursive"}, description = "Remove directories and their contents.")
  boolean recursive;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Ferry paths.")
  List<String> paths;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    for (String path : paths) {
      client.delete(path, recursive);
    }
  }
}
