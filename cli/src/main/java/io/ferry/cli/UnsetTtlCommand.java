package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs unsetTtl PATH}. */
@Command(name = "unsetTtl", mixinStandardHelpOptions = true,
    description = "Remove the time to live of a file or directory.")
final class UnsetTtlCommand extends ClientCommand {
  @Parameters(paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    PathStatus f = client.unsetTtl(path);
    out.println(f.path() + ": ttl " + Formats.ttl(f));
  }
}
