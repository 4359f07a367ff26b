package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs unmount}. */
@Command(name = "unmount", description = "Remove a mount from the Ferry namespace.", mixinStandardHelpOptions = true)
final class UnmountCommand extends ClientCommand {
  @Parameters(paramLabel = "PATH", description = "The mount point.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    client.unmount(path);
  }
}
