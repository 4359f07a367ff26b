package io.ferry.cli.bench;

import io.ferry.cli.ClientCommand;
import io.ferry.client.FerryClient;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry bench random}: random small ranges of the files under a path, cold, from the UFS, warm. */
@Command(name = "random", mixinStandardHelpOptions = true,
    description = "Read random ranges of the files under a path: cold through Ferry (after ferry fs free), "
        + "straight from the under storage, warm through Ferry.")
public final class RandomBenchCommand extends ClientCommand {
  @Option(names = "--path", required = true, paramLabel = "PATH", description = "Ferry directory (read recursively).")
  String path;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Option(names = "--reads", defaultValue = "200", paramLabel = "N",
      description = "Ranges read per pass (default 200).")
  int reads;

  @Option(names = "--size", defaultValue = "65536", paramLabel = "BYTES",
      description = "Bytes per read (default 65536).")
  int size;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the ranges (default: a new one per run).")
  Long seed;

  @Option(names = "--ufs-option", paramLabel = "K=V",
      description = "A mount option for reading the under storage directly (e.g. s3.secret-key=…): "
          + "the master gives clients no credentials.")
  Map<String, String> ufsOptions = new LinkedHashMap<>();

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    if (reads < 1 || size < 1) {
      throw FerryException.invalidArgument("--reads and --size must be at least 1");
    }
    RandomBenchResult result = new RandomBenchmark(client, WorkerHeartbeats.settleMillis(client.configuration()),
        ufsOptions)
        .run(path, reads, size, seed == null ? System.nanoTime() : seed);
    out.println(json ? result.toJson() : result.toTable());
  }
}
