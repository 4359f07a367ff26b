package io.ferry.cli;

import io.ferry.cli.bench.JsonObject;
import io.ferry.proto.LoadFailure;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.LoadJobState;
import java.io.PrintStream;
import java.util.Locale;

/** How the CLI shows load jobs: as text, as one table row, as JSON. */
final class LoadJobs {
  static final String ROW = "%-6s %-10s %15s %23s  %s";

  private LoadJobs() {}

  /** running, completed, failed, cancelled. */
  static String state(LoadJobState state) {
    return switch (state) {
      case LOAD_RUNNING -> "running";
      case LOAD_COMPLETED -> "completed";
      case LOAD_FAILED -> "failed";
      case LOAD_CANCELLED -> "cancelled";
      default -> "unknown";
    };
  }

  static JsonObject json(LoadJobInfo job) {
    return new JsonObject()
        .put("id", job.getJobId())
        .put("path", job.getPath())
        .put("state", state(job.getState()))
        .put("replicas", job.getReplicas())
        .put("parallelism", job.getParallelism())
        .put("listing_complete", job.getListingComplete())
        .put("files_total", job.getFilesTotal())
        .put("files_done", job.getFilesDone())
        .put("files_failed", job.getFilesFailed())
        .put("bytes_total", job.getBytesTotal())
        .put("bytes_done", job.getBytesDone())
        .put("bytes_fetched", job.getBytesFetched())
        .put("created_ms", job.getCreatedMs())
        .put("ended_ms", job.getEndedMs())
        .put("error", job.getError())
        .put("failures", job.getFailuresList().stream().map(f -> (Object) new JsonObject()
            .put("path", f.getPath()).put("error_code", f.getErrorCode()).put("message", f.getMessage()))
            .toList());
  }

  static void printText(LoadJobInfo job, PrintStream out) {
    out.println("id: " + job.getJobId());
    out.println("path: " + job.getPath());
    out.println("state: " + state(job.getState()));
    out.println("replicas: " + job.getReplicas());
    out.println("parallelism: " + (job.getParallelism() == 0 ? "workers' load slots" : job.getParallelism()));
    out.println("files: " + job.getFilesDone() + "/" + total(job, job.getFilesTotal()) + " done, "
        + job.getFilesFailed() + " failed");
    out.println("bytes: " + job.getBytesDone() + "/" + total(job, job.getBytesTotal()) + " done ("
        + Formats.bytes(job.getBytesDone()) + " of " + Formats.bytes(job.getBytesTotal()) + "), "
        + job.getBytesFetched() + " fetched from the under storage");
    out.println("created: " + Formats.time(job.getCreatedMs()));
    if (job.getEndedMs() > 0) {
      out.println("ended: " + Formats.time(job.getEndedMs()));
    }
    if (!job.getError().isEmpty()) {
      out.println("error: " + job.getError());
    }
    for (LoadFailure f : job.getFailuresList()) {
      out.println("failed: " + f.getPath() + ": " + f.getErrorCode() + " " + f.getMessage());
    }
  }

  static String row(LoadJobInfo job) {
    return String.format(Locale.ROOT, ROW, job.getJobId(), state(job.getState()),
        job.getFilesDone() + "/" + total(job, job.getFilesTotal()),
        Formats.bytes(job.getBytesDone()) + "/" + Formats.bytes(job.getBytesTotal()), job.getPath());
  }

  /** The one-line outcome of an ended job. */
  static String outcome(LoadJobInfo job) {
    String what = job.getFilesDone() + " file(s) (" + Formats.bytes(job.getBytesDone()) + ") cached with "
        + job.getReplicas() + " replica(s)";
    return switch (job.getState()) {
      case LOAD_COMPLETED -> "load job " + job.getJobId() + " completed: " + what;
      case LOAD_CANCELLED -> "load job " + job.getJobId() + " was cancelled; by then " + what;
      default -> "load job " + job.getJobId() + " failed: " + (job.getError().isEmpty()
          ? job.getFilesFailed() + " of " + job.getFilesTotal() + " file(s) failed after retries" : job.getError());
    };
  }

  /** A total still growing while the job lists its path shows a '+'. */
  private static String total(LoadJobInfo job, long n) {
    return job.getListingComplete() ? String.valueOf(n) : n + "+";
  }
}
