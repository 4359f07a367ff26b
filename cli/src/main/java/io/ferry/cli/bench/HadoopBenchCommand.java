package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.cli.ClientCommand;
import java.io.IOException;
import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry bench hadoop}: warm reads through ferry:// vs Hadoop's LocalFileSystem on the UFS copy. */
@Command(name = "hadoop", mixinStandardHelpOptions = true,
    description = "Read all files under a path with Hadoop's FileSystem API: warm through ferry:// and straight "
        + "from the under storage's local copy through Hadoop's LocalFileSystem.")
public final class HadoopBenchCommand extends ClientCommand {
  @Option(names = "--path", required = true, paramLabel = "PATH",
      description = "Ferry directory (read recursively), in a mount of a local directory.")
  String path;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
      description = "Rounds of local + ferry passes after the warm-up; the median round is reported (default 5).")
  int rounds;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    HadoopBenchResult result = new HadoopBenchmark(client, new Configuration(), rounds).run(path);
    out.println(json ? result.toJson() : result.toTable());
  }
}
