package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.PersistProgress;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry fs persist PATH}: waits until every complete file at or below
 * PATH is in the under storage, having the master persist those that are not
 * (MUST_CACHE files too; ASYNC_THROUGH ones are on their way already).
 */
@Command(name = "persist", mixinStandardHelpOptions = true,
    description = "Write a file, or every file below a directory, to the under storage if it is not there yet "
        + "(written ASYNC_THROUGH or MUST_CACHE), and wait until it is.")
final class PersistCommand extends ClientCommand {
  private static final Duration POLL_EVERY = Duration.ofMillis(200);

  @Parameters(paramLabel = "PATH", description = "Ferry path of a file or directory.")
  String path;

  @Option(names = "--timeout", paramLabel = "DURATION",
      description = "Give up after this long (default: wait as long as it takes).")
  String timeout;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    Duration limit = timeout == null ? null : PositiveDuration.parse(spec.commandLine(), "--timeout", timeout);
    long start = System.nanoTime();
    PersistProgress progress = client.persist(path);
    long firstWaiting = progress.waitingFiles();
    while (!progress.done()) {
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (limit != null && waited.compareTo(limit) >= 0) {
        throw new FerryException(ErrorCode.DEADLINE_EXCEEDED, progress.waitingFiles() + " file(s) under " + path
            + " are still not in the under storage after " + limit.toSeconds() + "s (such as "
            + progress.firstWaiting() + ")");
      }
      sleep();
      progress = client.persist(path);
    }
    out.println("Persisted " + path + ": " + (firstWaiting == 0 ? "every file was in the under storage already"
        : firstWaiting + (firstWaiting == 1 ? " file" : " files") + " written in "
            + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9)));
    if (progress.incompleteFiles() > 0) {
      out.println(progress.incompleteFiles() + " file(s) still being written were left out");
    }
  }

  private static void sleep() throws FerryException {
    try {
      Thread.sleep(POLL_EVERY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the persist jobs");
    }
  }
}
