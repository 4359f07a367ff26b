package io.ferry.cli;

import io.ferry.client.LoadJobStatus;
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

  String render(LoadJobStatus job, long nowNanos) {
    double fraction = job.bytesTotal() == 0 ? (job.listingComplete() ? 1 : 0)
        : (double) job.bytesDone() / job.bytesTotal();
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = (nowNanos - startNanos) / 1e9;
    double rate = seconds <= 0 ? 0 : (job.bytesDone() - startBytes) / seconds;
    String eta = !job.listingComplete() || rate <= 0 ? "?"
        : duration((job.bytesTotal() - job.bytesDone()) / rate);
    String plus = job.listingComplete() ? "" : "+";
    return String.format(Locale.ROOT, "[%s%s] %3.0f%% files %d/%d%s bytes %s/%s%s %s/s ETA %s failures %d",
        "#".repeat(filled), "-".repeat(WIDTH - filled), 100 * fraction, job.filesDone(), job.filesTotal(),
        plus, Formats.bytes(job.bytesDone()), Formats.bytes(job.bytesTotal()), plus,
        Formats.bytes((long) rate), eta, job.filesFailed());
  }

  /** 75 -> "1:15", 3725 -> "1:02:05". */
  static String duration(double seconds) {
    long s = (long) Math.ceil(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
