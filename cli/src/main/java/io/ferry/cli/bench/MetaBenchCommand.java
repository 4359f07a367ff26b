package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.cli.ClientCommand;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry bench meta}: metadata operations per second and their latency, from N client threads. */
@Command(name = "meta", mixinStandardHelpOptions = true,
    description = "Metadata benchmark: create, getStatus, open (status + block locations), listStatus of "
        + "directories, rename and delete, each from N threads; ops/s and p50/p99 latency per operation, "
        + "against an empty call to the master from the same threads (noop), the floor of every call.")
public final class MetaBenchCommand extends ClientCommand {
  @Option(names = "--path", defaultValue = "/bench-meta", paramLabel = "PATH",
      description = "Directory of the benchmark's files (default /bench-meta).")
  String path;

  @Option(names = "--threads", defaultValue = "8", paramLabel = "N", description = "Client threads (default 8).")
  int threads;

  @Option(names = "--files", defaultValue = "20000", paramLabel = "N",
      description = "Files created, renamed and deleted (default 20000).")
  long files;

  @Option(names = "--reads", defaultValue = "100000", paramLabel = "N",
      description = "Calls of getStatus and of open, at random files (default 100000).")
  int reads;

  @Option(names = "--dir-size", defaultValue = "100", paramLabel = "N",
      description = "Files per directory: listStatus lists directories of this size (default 100).")
  int dirSize;

  @Option(names = "--ops", split = ",", paramLabel = "OP",
      description = "Operations to run (default all): create, getStatus, open, listStatus, rename, delete. "
          + "Without create, the files must exist (from an earlier run or `ferry bench meta-load`).")
  List<String> ops = new ArrayList<>(MetaBenchmark.OPERATIONS);

  @Option(names = "--warmup", defaultValue = "2000", paramLabel = "N",
      description = "Files created, stat'ed (10 times each) and deleted untimed first, so the JVMs are warm "
          + "(default 2000; 0: none).")
  int warmup;

  @Option(names = "--json", description = "Print one JSON object keyed by operation.")
  boolean json;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    for (String op : ops) {
      if (!MetaBenchmark.OPERATIONS.contains(op)) {
        throw FerryException.invalidArgument("Unknown operation '" + op + "' in --ops; one of "
            + String.join(", ", MetaBenchmark.OPERATIONS));
      }
    }
    if (threads < 1 || reads < 1 || warmup < 0) {
      throw FerryException.invalidArgument("--threads and --reads must be positive, --warmup not negative");
    }
    Map<String, OpStats> result =
        new MetaBenchmark(client, BenchNamespace.of(path, files, dirSize), threads, reads, warmup).run(ops);
    BenchConditions conditions = BenchConditions.observe();
    out.println(json ? toJson(result, conditions) : toTable(result) + System.lineSeparator() + conditions.toText());
  }

  /** One object per operation, then {@code noop_ops_per_s} and each operation's share of it ({@code <op>_noop_ratio}). */
  static String toJson(Map<String, OpStats> result, BenchConditions conditions) {
    JsonObject o = new JsonObject();
    result.forEach((op, stats) -> o.put(op, stats.toJson()));
    double noop = result.get(MetaBenchmark.NOOP).opsPerSec();
    o.put("noop_ops_per_s", noop);
    result.forEach((op, stats) -> {
      if (!op.equals(MetaBenchmark.NOOP)) {
        o.put(op + "_noop_ratio", stats.opsPerSec() / noop);
      }
    });
    return conditions.addTo(o).toString();
  }

  private String toTable(Map<String, OpStats> result) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d threads, %s%n%-11s %10s %10s %9s %9s%n",
        threads, path, "operation", "ops", "ops/s", "p50 ms", "p99 ms"));
    result.forEach((op, s) -> sb.append(String.format(Locale.ROOT, "%-11s %10d %10.0f %9.3f %9.3f%n",
        op, s.count(), s.opsPerSec(), s.percentileMs(50), s.percentileMs(99))));
    return sb.toString().stripTrailing();
  }
}
