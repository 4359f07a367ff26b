package io.ferry.it;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;

/** Cache hits as the master reports them (workers send their counters with each heartbeat). */
final class CacheHits {
  private CacheHits() {}

  static long now(FerryClient client) throws Exception {
    return client.getClusterReport().cacheHits();
  }

  /** Waits (a few heartbeats at most) until the cluster reports more than {@code before} hits. */
  static long awaitMoreThan(FerryClient client, long before) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      ClusterStatus report = client.getClusterReport();
      if (report.cacheHits() > before || System.nanoTime() > deadline) {
        return report.cacheHits();
      }
      Thread.sleep(100);
    }
  }
}
