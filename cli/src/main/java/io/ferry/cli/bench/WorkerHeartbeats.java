package io.ferry.cli.bench;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;

/**
 * Waits for what workers tell the master with their heartbeats (counters,
 * blocks dropped) to have reached it.
 */
final class WorkerHeartbeats {
  private WorkerHeartbeats() {}

  /** Two heartbeat intervals and a margin: the time a worker's news takes to reach the master. */
  static long settleMillis(FerryConfiguration conf) {
    return 2 * conf.getDuration(PropertyKey.WORKER_HEARTBEAT_INTERVAL).toMillis() + 200;
  }

  static void await(long millis) throws FerryException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while waiting for worker heartbeats");
    }
  }
}
