package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.cli.ClientCommand;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry bench read}: UFS direct vs cold vs warm reads of every file under a path. */
@Command(name = "read", mixinStandardHelpOptions = true,
    description = "Read all files under a path: cold through Ferry, straight from the UFS, warm through Ferry.")
public final class ReadBenchCommand extends ClientCommand {
  @Option(names = "--path", required = true, paramLabel = "PATH", description = "Ferry directory (read recursively).")
  String path;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--no-short-circuit", description = "Read over gRPC even from a worker on this host.")
  boolean noShortCircuit;

  @Option(names = "--ufs-option", paramLabel = "K=V",
      description = "A mount option for reading the under storage directly (e.g. s3.secret-key=…): "
          + "the master gives clients no credentials.")
  Map<String, String> ufsOptions = new LinkedHashMap<>();

  @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
      description = "Rounds of UFS + warm passes after the cold pass; the median round is reported (default 5).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "4", paramLabel = "N",
      description = "Unmeasured warm passes through Ferry before the rounds, so the JIT has compiled the read "
          + "path of the client and a freshly started worker, as in a long-running job (default 4).")
  int warmup;

  @Option(names = "--warm-only", description = "Only warm passes, of data cached already: no cold pass, no UFS "
      + "pass (for several readers at once; ferry bench hosts --aggregate).")
  boolean warmOnly;

  @Override
  public Integer call() throws IOException {
    FerryConfiguration conf = cli().configuration();
    if (noShortCircuit) {
      conf = conf.toBuilder().set(PropertyKey.USER_SHORT_CIRCUIT_ENABLED, false).build();
    }
    try (FerryClient client = FerryClient.create(conf)) {
      run(client, cli().out());
    }
    return 0;
  }

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    if (rounds < 1 || warmup < 0) {
      throw FerryException.invalidArgument("--rounds must be at least 1 and --warmup not negative");
    }
    ReadBenchmark benchmark = new ReadBenchmark(client, WorkerHeartbeats.settleMillis(client.configuration()),
        ufsOptions, warmup, rounds);
    ReadBenchResult result = warmOnly ? benchmark.runWarmOnly(path) : benchmark.run(path);
    out.println(json ? result.toJson() : result.toTable());
  }
}
