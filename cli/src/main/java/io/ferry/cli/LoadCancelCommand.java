package io.ferry.cli;

import io.ferry.client.FerryClient;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferry load cancel ID}: stops a running load job; what it cached stays cached. */
@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running load job.")
final class LoadCancelCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The load job's id.")
  long id;

  @Option(names = "--json", description = "Print the job after the cancel as one JSON object.")
  boolean json;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    var job = client.cancelLoadJob(id);
    out.println(json ? LoadJobs.json(job) : "load job " + id + " is " + LoadJobs.state(job.state()));
  }
}
