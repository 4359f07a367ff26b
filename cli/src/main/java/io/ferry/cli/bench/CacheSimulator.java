package io.ferry.cli.bench;

import io.ferry.cli.FerryCli;
import io.ferry.worker.eviction.CachePolicy;
import io.ferry.worker.eviction.EvictionPolicy;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays access traces through every eviction policy of the worker and
 * prints the hit ratios (in the spirit of Caffeine's simulator):
 * {@code ferry bench cache-sim}.
 */
@Command(name = "cache-sim", mixinStandardHelpOptions = true,
    description = "Replay AI-style block access traces through each eviction policy and print hit ratios.")
public final class CacheSimulator implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--cache-blocks", defaultValue = "1000", description = "Cache size in blocks (default 1000).")
  int cacheBlocks;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed of the traces.")
  long seed;

  /** The traces of issue 5: epochs over a dataset 1.5x the cache, and a hot set with a one-off scan. */
  List<Trace> traces() {
    return List.of(
        Trace.shuffledEpochs(cacheBlocks * 3 / 2, 10, seed),
        Trace.hotSetWithScan(cacheBlocks / 2, cacheBlocks * 20, cacheBlocks * 4, seed));
  }

  /** The hit ratio of one policy on one trace (every block weighs 1). */
  static double hitRatio(CachePolicy policy, Trace trace) {
    long hits = 0;
    for (long key : trace.keys()) {
      if (policy.access(key, 1)) {
        hits++;
      }
    }
    return hits / (double) trace.keys().length;
  }

  @Override
  public Integer call() {
    PrintStream out = ((FerryCli) spec.root().userObject()).out();
    out.printf(Locale.ROOT, "cache: %d blocks%n%-45s %-10s %9s%n", cacheBlocks, "trace", "policy", "hit ratio");
    for (Trace trace : traces()) {
      for (EvictionPolicy kind : EvictionPolicy.values()) {
        CachePolicy policy = new CachePolicy(kind, cacheBlocks);
        out.printf(Locale.ROOT, "%-45s %-10s %9.3f%n", trace.name(), policy.name(), hitRatio(policy, trace));
      }
    }
    return 0;
  }
}
