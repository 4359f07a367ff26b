package io.ferry.it;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import java.util.function.Predicate;

/** Waits for the master's cluster report to show what workers tell it with their heartbeats. */
public final class ClusterReports {
  private static final long TIMEOUT_NANOS = 30_000_000_000L;

  private ClusterReports() {}

  /** The first report with a live worker that {@code done} accepts; the last one after 30 s. */
  public static ClusterStatus await(FerryClient client, Predicate<ClusterStatus> done) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (true) {
      ClusterStatus r = client.getClusterReport();
      if ((r.liveWorkers().size() > 0 && done.test(r)) || System.nanoTime() > deadline) {
        return r;
      }
      Thread.sleep(100);
    }
  }
}
