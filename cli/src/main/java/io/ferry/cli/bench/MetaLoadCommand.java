package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.cli.ClientCommand;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferry bench meta-load}: creates a namespace of empty files for
 * {@code ferry bench meta --ops getStatus} (e.g. ten million), a directory
 * at a time with batched CreateFiles calls.
 */
@Command(name = "meta-load", mixinStandardHelpOptions = true,
    description = "Create N empty files (PATH/d<i/dir-size>/f<i>) with batched calls, for `ferry bench meta`.")
public final class MetaLoadCommand extends ClientCommand {
  @Option(names = "--path", required = true, paramLabel = "PATH", description = "Directory to fill.")
  String path;

  @Option(names = "--files", required = true, paramLabel = "N", description = "Files to create.")
  long files;

  @Option(names = "--dir-size", defaultValue = "1000", paramLabel = "N",
      description = "Files per directory (default 1000).")
  int dirSize;

  @Option(names = "--threads", defaultValue = "4", paramLabel = "N", description = "Client threads (default 4).")
  int threads;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    if (threads < 1) {
      throw FerryException.invalidArgument("--threads must be positive");
    }
    BenchNamespace ns = BenchNamespace.of(path, files, dirSize);
    AtomicLong nextDir = new AtomicLong();
    AtomicLong created = new AtomicLong();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          for (long d; (d = nextDir.getAndIncrement()) < ns.directories(); ) {
            client.createDirectory(ns.dirPath(d), true);
            List<String> names = new ArrayList<>();
            for (long i = d * dirSize; i < Math.min(files, (d + 1) * dirSize); i++) {
              names.add(ns.name(i));
            }
            long total = created.addAndGet(client.createEmptyFiles(ns.dirPath(d), names));
            if (total / 1_000_000 != (total - names.size()) / 1_000_000) {
              out.printf(Locale.ROOT, "%d files, %.0f files/s%n", total, total / ((System.nanoTime() - start) / 1e9));
            }
          }
          return null;
        }));
      }
      for (Future<Void> w : workers) {
        w.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted", e);
    } finally {
      pool.shutdownNow();
    }
    double secs = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "Created %d files in %d directories under %s in %.1f s (%.0f files/s)%n",
        created.get(), ns.directories(), ns.root(), secs, created.get() / secs);
  }
}
