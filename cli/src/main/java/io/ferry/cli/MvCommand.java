package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs mv}. */
@Command(name = "mv", description = "Rename a file or directory.", mixinStandardHelpOptions = true)
final class MvCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "SRC", description = "Existing Ferry path.")
  String src;

  @Parameters(index = "1", paramLabel = "DST", description = "New Ferry path (must not exist).")
  String dst;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    client.rename(src, dst);
  }
}
