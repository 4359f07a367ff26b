package io.ferry.cli;

import io.ferry.cli.bench.JsonObject;
import io.ferry.client.LoadJobStatus;
import java.io.PrintStream;
import java.util.Locale;

/** How the CLI shows load jobs: as text, as one table row, as JSON. */
final class LoadJobs {
  static final String ROW = "%-6s %-10s %15s %23s  %s";

  private LoadJobs() {}

  /** running, completed, failed, cancelled. */
  static String state(LoadJobStatus.State state) {
    return switch (state) {
      case RUNNING -> "running";
      case COMPLETED -> "completed";
      case FAILED -> "failed";
      case CANCELLED -> "cancelled";
      case UNKNOWN -> "unknown";
    };
  }

  static JsonObject json(LoadJobStatus job) {
    return new JsonObject()
        .put("id", job.jobId())
        .put("path", job.path())
        .put("state", state(job.state()))
        .put("replicas", job.replicas())
        .put("parallelism", job.parallelism())
        .put("listing_complete", job.listingComplete())
        .put("files_total", job.filesTotal())
        .put("files_done", job.filesDone())
        .put("files_failed", job.filesFailed())
        .put("bytes_total", job.bytesTotal())
        .put("bytes_done", job.bytesDone())
        .put("bytes_fetched", job.bytesFetched())
        .put("created_ms", job.createdMs())
        .put("ended_ms", job.endedMs())
        .put("error", job.error())
        .put("failures", job.failures().stream().map(f -> (Object) new JsonObject()
            .put("path", f.path()).put("error_code", f.errorCode()).put("message", f.message()))
            .toList());
  }

  static void printText(LoadJobStatus job, PrintStream out) {
    out.println("id: " + job.jobId());
    out.println("path: " + job.path());
    out.println("state: " + state(job.state()));
    out.println("replicas: " + job.replicas());
    out.println("parallelism: " + (job.parallelism() == 0 ? "workers' load slots" : job.parallelism()));
    out.println("files: " + job.filesDone() + "/" + total(job, job.filesTotal()) + " done, "
        + job.filesFailed() + " failed");
    out.println("bytes: " + job.bytesDone() + "/" + total(job, job.bytesTotal()) + " done ("
        + Formats.bytes(job.bytesDone()) + " of " + Formats.bytes(job.bytesTotal()) + "), "
        + job.bytesFetched() + " fetched from the under storage");
    out.println("created: " + Formats.time(job.createdMs()));
    if (job.endedMs() > 0) {
      out.println("ended: " + Formats.time(job.endedMs()));
    }
    if (!job.error().isEmpty()) {
      out.println("error: " + job.error());
    }
    for (LoadJobStatus.FailedFile f : job.failures()) {
      out.println("failed: " + f.path() + ": " + f.errorCode() + " " + f.message());
    }
  }

  static String row(LoadJobStatus job) {
    return String.format(Locale.ROOT, ROW, job.jobId(), state(job.state()),
        job.filesDone() + "/" + total(job, job.filesTotal()),
        Formats.bytes(job.bytesDone()) + "/" + Formats.bytes(job.bytesTotal()), job.path());
  }

  /** The one-line outcome of an ended job. */
  static String outcome(LoadJobStatus job) {
    String what = job.filesDone() + " file(s) (" + Formats.bytes(job.bytesDone()) + ") cached with "
        + job.replicas() + " replica(s)";
    return switch (job.state()) {
      case COMPLETED -> "load job " + job.jobId() + " completed: " + what;
      case CANCELLED -> "load job " + job.jobId() + " was cancelled; by then " + what;
      default -> "load job " + job.jobId() + " failed: " + (job.error().isEmpty()
          ? job.filesFailed() + " of " + job.filesTotal() + " file(s) failed after retries" : job.error());
    };
  }

  /** A total still growing while the job lists its path shows a '+'. */
  private static String total(LoadJobStatus job, long n) {
    return job.listingComplete() ? String.valueOf(n) : n + "+";
  }
}
