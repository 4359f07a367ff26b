package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs unpin PATH}. */
@Command(name = "unpin", mixinStandardHelpOptions = true,
    description = "Unpin a file, or every file below a directory: their cached blocks can be evicted again.")
final class UnpinCommand extends ClientCommand {
  @Parameters(paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    out.println(client.unpin(path).path() + ": not pinned");
  }
}
