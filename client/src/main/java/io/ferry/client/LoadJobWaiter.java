package io.ferry.client;

import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits for a load job to end by polling the master. Jobs survive a master
 * restart, so a master that does not answer is asked again, for up to
 * {@code ferry.user.rpc.timeout} in a row.
 */
public final class LoadJobWaiter {
  private final FerryClient client;
  private final Duration poll;
  private final long toleratedOutageNanos;

  public LoadJobWaiter(FerryClient client, Duration poll) {
    this.client = client;
    this.poll = poll;
    this.toleratedOutageNanos = client.configuration().getDuration(PropertyKey.USER_RPC_TIMEOUT).toNanos();
  }

  /** The job once it ended; {@code progress} sees each state polled while it runs. */
  public LoadJobStatus await(long jobId, Consumer<LoadJobStatus> progress) throws FerryException {
    long unavailableSince = 0;
    while (true) {
      try {
        LoadJobStatus job = client.getLoadJob(jobId);
        unavailableSince = 0;
        if (job.state() != LoadJobStatus.State.RUNNING) {
          return job;
        }
        progress.accept(job);
      } catch (FerryException e) {
        if (e.code() != ErrorCode.UNAVAILABLE && e.code() != ErrorCode.DEADLINE_EXCEEDED) {
          throw e;
        }
        long now = System.nanoTime();
        unavailableSince = unavailableSince == 0 ? now : unavailableSince;
        if (now - unavailableSince > toleratedOutageNanos) {
          throw e;
        }
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while waiting for load job " + jobId);
      }
    }
  }
}
