package io.ferry.it;

import io.ferry.client.FerryClient;
import io.ferry.proto.ClusterReport;

/** Cache hits as the master reports them (workers send their counters with each heartbeat). */
final class CacheHits {
  private CacheHits() {}

  static long now(FerryClient client) throws Exception {
    return client.getClusterReport().getCacheHits();
  }

  /** Waits (a few heartbeats at most) until the cluster reports more than {@code before} hits. */
  static long awaitMoreThan(FerryClient client, long before) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      ClusterReport report = client.getClusterReport();
      if (report.getCacheHits() > before || System.nanoTime() > deadline) {
        return report.getCacheHits();
      }
      Thread.sleep(100);
    }
  }
}
