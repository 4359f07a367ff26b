package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs pin PATH}, as Alluxio's. */
@Command(name = "pin", mixinStandardHelpOptions = true,
    description = "Pin a file, or every file below a directory (also those loaded or created below it later): "
        + "the workers never evict their cached blocks. Refused when they would not fit in the workers' caches.")
final class PinCommand extends ClientCommand {
  @Parameters(paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    out.println(client.pin(path).path() + ": pinned");
  }
}
