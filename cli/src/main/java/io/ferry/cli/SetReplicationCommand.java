package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry fs setReplication PATH N}. */
@Command(name = "setReplication", mixinStandardHelpOptions = true,
    description = "Set how many workers cache each block of a file, or of every file below a directory.")
final class SetReplicationCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Parameters(index = "1", paramLabel = "N", description = "Replication factor (1 to 16).")
  int replication;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    PathStatus f = client.setReplication(path, replication);
    out.println(f.path() + ": replication " + f.replication());
  }
}
