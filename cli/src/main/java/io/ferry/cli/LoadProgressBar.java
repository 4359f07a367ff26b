package io.ferry.cli;

import io.ferry.proto.LoadJobInfo;
import java.util.Locale;

/**
 * One line of a running load job's progress: a bar of bytes done, files and
 * bytes done/total, the rate since watching began, the ETA and failures.
 */
final class LoadProgressBar {
  private static final int WIDTH = 30;

  private final long startNanos;
  private final long startBytes;

  LoadProgressBar(long startNanos, long startBytes) {
    this.startNanos = startNanos;
    this.startBytes = startBytes;
  }

  String render(LoadJobInfo job, long nowNanos) {
    double fraction = job.getBytesTotal() == 0 ? (job.getListingComplete() ? 1 : 0)
        : (double) job.getBytesDone() / job.getBytesTotal();
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = (nowNanos - startNanos) / 1e9;
    double rate = seconds <= 0 ? 0 : (job.getBytesDone() - startBytes) / seconds;
    String eta = !job.getListingComplete() || rate <= 0 ? "?"
        : duration((job.getBytesTotal() - job.getBytesDone()) / rate);
    String plus = job.getListingComplete() ? "" : "+";
    return String.format(Locale.ROOT, "[%s%s] %3.0f%% files %d/%d%s bytes %s/%s%s %s/s ETA %s failures %d",
        "#".repeat(filled), "-".repeat(WIDTH - filled), 100 * fraction, job.getFilesDone(), job.getFilesTotal(),
        plus, Formats.bytes(job.getBytesDone()), Formats.bytes(job.getBytesTotal()), plus,
        Formats.bytes((long) rate), eta, job.getFilesFailed());
  }

  /** 75 -> "1:15", 3725 -> "1:02:05". */
  static String duration(double seconds) {
    long s = (long) Math.ceil(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
