package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry load status ID}: a load job's state, progress and failed files. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show a load job's state and progress.")
final class LoadStatusCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The load job's id.")
  long id;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    var job = client.getLoadJob(id);
    if (json) {
      out.println(LoadJobs.json(job));
    } else {
      LoadJobs.printText(job, out);
    }
  }
}
