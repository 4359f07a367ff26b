package io.ferry.cli.bench.hosts;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The throughput of a link between two simulated hosts, as iperf3 measures it with one TCP stream. */
final class LinkProbe {
  /** What the receiver got, in iperf3's JSON: end.sum_received.bits_per_second. */
  private static final Pattern RECEIVED =
      Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+-]+)");

  private final TestBedHosts hosts;
  private final Duration duration;

  LinkProbe(TestBedHosts hosts, Duration duration) {
    this.hosts = hosts;
    this.duration = duration;
  }

  /** MB/s (10^6 bytes) from {@code sender} to {@code receiver}, as a worker sends a block to a reader. */
  double megabytesPerSec(int sender, int receiver) throws IOException {
    hosts.output(sender, List.of("iperf3", "-s", "-1", "-D")); // one test, in the background
    String json = null;
    for (int attempt = 0; attempt < 50 && json == null; attempt++) {
      try {
        // -R: the server (the sender's host) sends
        json = hosts.output(receiver, List.of("iperf3", "-c", hosts.name(sender), "-R", "-J",
            "-t", String.valueOf(Math.max(1, duration.toSeconds()))));
      } catch (FerryException e) {
        sleep(); // the server is not listening yet
      }
    }
    if (json == null) {
      throw new FerryException(ErrorCode.UNAVAILABLE, "iperf3 found no server on " + hosts.name(sender)
          + " (is the iperf3 package installed? apt-get install -y iperf3)");
    }
    Matcher m = RECEIVED.matcher(json);
    if (!m.find()) {
      throw new FerryException(ErrorCode.INTERNAL, "No throughput in iperf3's output: " + json);
    }
    return Double.parseDouble(m.group(1)) / 8 / 1e6;
  }

  private static void sleep() throws FerryException {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while waiting for iperf3");
    }
  }
}
