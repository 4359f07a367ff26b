package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.client.TimeToLive;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry fs setTtl PATH DURATION [--action free|delete]}, as Alluxio's. */
@Command(name = "setTtl", mixinStandardHelpOptions = true,
    description = "Give a file or directory a time to live, from now: when it ends, free it (drop its cached "
        + "copies) or delete it with everything below it, in the under storage too.")
final class SetTtlCommand extends ClientCommand {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Parameters(index = "1", paramLabel = "DURATION", description = "From now, such as 30s, 10m, 12h or 7d.")
  Duration ttl;

  @Option(names = "--action", defaultValue = "free", paramLabel = "free|delete",
      description = "What happens when it ends (default: free).")
  TimeToLive.Action action;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    if (ttl.isZero() || ttl.isNegative()) {
      throw new ParameterException(spec.commandLine(), "DURATION must be positive, not " + ttl.toMillis() + " ms"
          + "; `ferry fs unsetTtl PATH` removes a time to live");
    }
    PathStatus f = client.setTtl(path, ttl, action);
    out.println(f.path() + ": ttl " + Formats.ttl(f));
  }
}
