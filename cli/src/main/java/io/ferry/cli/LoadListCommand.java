package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.LoadJobStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry load list}: every load job, oldest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List load jobs, oldest first.")
final class LoadListCommand extends ClientCommand {
  @Option(names = "--json", description = "Print one JSON array of jobs.")
  boolean json;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    List<LoadJobStatus> jobs = client.listLoadJobs();
    if (json) {
      out.println("[" + String.join(",", jobs.stream().map(j -> LoadJobs.json(j).toString()).toList()) + "]");
      return;
    }
    out.println(String.format(Locale.ROOT, LoadJobs.ROW, "ID", "STATE", "FILES", "BYTES", "PATH"));
    jobs.forEach(j -> out.println(LoadJobs.row(j)));
  }
}
