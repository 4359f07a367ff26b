package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs cat}: writes files' bytes to stdout. */
@Command(name = "cat", description = "Print the contents of files.", mixinStandardHelpOptions = true)
final class CatCommand extends ClientCommand {
  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Ferry paths.")
  List<String> paths;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    for (String path : paths) {
      try (FerryInputStream in = client.openFile(path)) {
        Copying.copy(in, out);
      }
    }
    out.flush();
  }
}
