package io.ferry.cli;

import io.ferry.client.FerryClient;
import io.ferry.client.LoadJobStatus;
import io.ferry.client.LoadJobWaiter;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry load PATH}: starts a load job on the master and, unless
 * {@code --detach}, shows its progress until it ends; exit 0 when every file
 * is cached, 1 with the failed files otherwise.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Preload a path into the workers' caches: a durable job on the master.")
final class LoadCommand extends ClientCommand {
  private static final Duration POLL = Duration.ofMillis(500);
  /** Without a terminal (a log, a pipe) a progress line is printed this often instead of redrawn. */
  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

  @Parameters(arity = "0..1", paramLabel = "PATH", description = "Ferry path to load (a file or a directory).")
  String path;

  @Option(names = "--replicas", defaultValue = "1", paramLabel = "N",
      description = "Workers that cache each block (default 1).")
  int replicas;

  @Option(names = "--parallelism", defaultValue = "0", paramLabel = "P",
      description = "Blocks each worker fetches at once for this job (default: the worker's load slots, "
          + "ferry.worker.load.fetch.slots).")
  int parallelism;

  @Option(names = "--detach", description = "Start the job and exit; follow it with `ferry load status ID`.")
  boolean detach;

  @Option(names = "--json", description = "Print the job as one JSON object (no progress bar).")
  boolean json;

  @Override
  protected void run(FerryClient client, PrintStream out) throws IOException {
    if (path == null) {
      throw new ParameterException(spec.commandLine(), "Missing PATH (or a command: status, list, cancel)");
    }
    if (replicas < 1) {
      throw new ParameterException(spec.commandLine(), "--replicas must be at least 1, not " + replicas);
    }
    if (parallelism < 0) {
      throw new ParameterException(spec.commandLine(), "--parallelism must be at least 1, not " + parallelism);
    }
    LoadJobStatus job = client.createLoadJob(path, replicas, parallelism);
    if (detach) {
      out.println(json ? LoadJobs.json(job) : "load job " + job.jobId() + " started: " + job.path()
          + " (follow it with: ferry load status " + job.jobId() + ")");
      return;
    }
    LoadJobStatus end = new LoadJobWaiter(client, POLL).await(job.jobId(), json ? j -> { } : progress());
    if (json) {
      out.println(LoadJobs.json(end));
    } else {
      cli().err().println();
      out.println(LoadJobs.outcome(end));
    }
    if (end.state() != LoadJobStatus.State.COMPLETED) {
      for (LoadJobStatus.FailedFile f : end.failures()) {
        cli().err().println("failed: " + f.path() + ": " + f.errorCode() + " " + f.message());
      }
      throw new FerryException(ErrorCode.UNAVAILABLE, LoadJobs.outcome(end));
    }
  }

  /** Redraws the bar on a terminal; elsewhere prints it every LOG_EVERY_NANOS. */
  private Consumer<LoadJobStatus> progress() {
    PrintStream err = cli().err();
    boolean terminal = cli().terminal();
    LoadProgressBar bar = new LoadProgressBar(System.nanoTime(), 0);
    long[] lastLine = {0};
    return job -> {
      long now = System.nanoTime();
      if (terminal) {
        err.print("\r" + bar.render(job, now));
        err.flush();
      } else if (now - lastLine[0] >= LOG_EVERY_NANOS) {
        lastLine[0] = now;
        err.println(bar.render(job, now));
      }
    };
  }
}
