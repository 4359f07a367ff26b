package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.FerryPath;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs get}: copies a Ferry file to a local file (into LOCAL_FILE if it is a directory). */
@Command(name = "get", description = "Copy a Ferry file to a local file.", mixinStandardHelpOptions = true)
final class GetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "FERRY_PATH", description = "Ferry file.")
  String source;

  @Parameters(index = "1", paramLabel = "LOCAL_FILE", description = "Local destination (replaced if it exists).")
  Path local;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    try (FerryInputStream in = client.openFile(source)) {
      Path target = Files.isDirectory(local) ? local.resolve(FerryPath.name(in.status().path())) : local;
      boolean done = false;
      try (OutputStream os = Files.newOutputStream(target)) {
        Copying.copy(in, os);
        done = true;
      } finally {
        if (!done) {
          Files.deleteIfExists(target); // no half-copied file left behind
        }
      }
    }
  }
}
