package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.common.FerryPath;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The metadata benchmark: each operation runs alone, from N threads, over
 * the files of a {@link BenchNamespace}; every call is timed.
 */
public final class MetaBenchmark {
  /** The operations, in the order they run (each needs the files the previous ones left). */
  public static final List<String> OPERATIONS =
      List.of("create", "getStatus", "open", "listStatus", "rename", "delete");

  private static final int WARMUP_READ_ROUNDS = 10;

  private final FerryClient client;
  private final BenchNamespace ns;
  private final int threads;
  private final int reads;
  private final int warmupFiles;

  /** {@code warmupFiles} are created and deleted, untimed, before the first operation (JIT, caches). */
  public MetaBenchmark(FerryClient client, BenchNamespace ns, int threads, int reads, int warmupFiles) {
    this.client = client;
    this.ns = ns;
    this.threads = threads;
    this.reads = reads;
    this.warmupFiles = warmupFiles;
  }

  /** The empty call every run measures first, under this name: the floor of any metadata call. */
  public static final String NOOP = "noop";

  /**
   * Runs {@code operations} in the canonical order, after {@link #NOOP} (as
   * many calls as getStatus); the result of each by name.
   */
  public Map<String, OpStats> run(List<String> operations) throws IOException {
    warmUp();
    Map<String, OpStats> out = new LinkedHashMap<>();
    out.put(NOOP, timed(NOOP, reads, i -> client.ping()));
    boolean renamed = false;
    for (String op : OPERATIONS) {
      if (!operations.contains(op)) {
        continue;
      }
      boolean renamedFiles = renamed;
      OpStats stats = switch (op) {
        case "create" -> {
          ns.createDirectories(client);
          yield timed(op, ns.files(), i -> client.createEmptyFiles(ns.dir(i), List.of(ns.name(i))));
        }
        case "getStatus" -> timed(op, reads, i -> client.getStatus(ns.path(randomFile())));
        case "open" -> timed(op, reads, i -> client.getStatus(ns.path(randomFile()), true));
        case "listStatus" -> timed(op, Math.max(ns.directories(), reads / ns.dirSize()),
            i -> client.listStatus(ns.dirPath(i % ns.directories())));
        case "rename" -> timed(op, ns.files(), i -> client.rename(ns.path(i), ns.renamedPath(i)));
        case "delete" -> timed(op, ns.files(),
            i -> client.delete(renamedFiles ? ns.renamedPath(i) : ns.path(i), false));
        default -> throw new IllegalArgumentException(op);
      };
      renamed |= op.equals("rename");
      out.put(op, stats);
    }
    return out;
  }

  private void warmUp() throws IOException {
    if (warmupFiles == 0) {
      return;
    }
    BenchNamespace warm = BenchNamespace.of(FerryPath.join(ns.root(), "warmup"), warmupFiles, ns.dirSize());
    warm.createDirectories(client);
    timed("warm-up", warmupFiles, i -> client.createEmptyFiles(warm.dir(i), List.of(warm.name(i))));
    // reads are cheap and their code paths are long: a few rounds, so the JIT has compiled them before timing
    timed("warm-up", WARMUP_READ_ROUNDS * warmupFiles, i -> client.getStatus(warm.path(i % warmupFiles), i % 2 == 0));
    timed("warm-up", WARMUP_READ_ROUNDS * warmupFiles, i -> client.ping());
    client.delete(warm.root(), true);
  }

  private long randomFile() {
    return ThreadLocalRandom.current().nextLong(ns.files());
  }

  @FunctionalInterface
  private interface Call {
    void run(long i) throws FerryException;
  }

  /** Calls {@code call} for 0..count-1, split among the threads; the wall time and each call's latency. */
  private OpStats timed(String name, long count, Call call) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> parts = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        parts.add(pool.submit(() -> {
          long[] nanos = new long[(int) ((count - thread + threads - 1) / threads)];
          int n = 0;
          for (long i = thread; i < count; i += threads) {
            long t0 = System.nanoTime();
            call.run(i);
            nanos[n++] = System.nanoTime() - t0;
          }
          return nanos;
        }));
      }
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> f : parts) {
        all.add(f.get());
      }
      long elapsed = System.nanoTime() - start;
      return OpStats.of(name, elapsed, all);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(name + " failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted during " + name, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
