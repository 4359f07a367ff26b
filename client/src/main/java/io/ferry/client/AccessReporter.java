package io.ferry.client;

import io.ferry.common.DaemonThreads;
import io.ferry.proto.ReportAccessesRequest;
import io.ferry.proto.ReportAccessesResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells workers which blocks this client read straight from their tier files
 * (short-circuit without OpenLocalBlock), in batches off the read path, so
 * their cache-hit counters and eviction policy still see those reads. Best
 * effort: a failed report is dropped, which only skews statistics.
 */
final class AccessReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessReporter.class);
  /** Short, so that metrics are current by the next worker heartbeat. */
  private static final long FLUSH_INTERVAL_MS = 100;
  private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

  private record Batch(WorkerEndpoint worker, List<Long> blockIds) {}

  private final WorkerClients workers;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ferry-access-reporter"));
  /** Reads not reported yet, by worker ("host:port"). */
  private Map<String, Batch> pending = new HashMap<>();

  AccessReporter(WorkerClients workers) {
    this.workers = workers;
    timer.scheduleWithFixedDelay(this::flushAsync, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
  }

  synchronized void readDirectly(WorkerEndpoint worker, long blockId) {
    pending.computeIfAbsent(worker.hostPort(), k -> new Batch(worker, new ArrayList<>()))
        .blockIds().add(blockId);
  }

  private synchronized Map<String, Batch> takePending() {
    Map<String, Batch> taken = pending;
    pending = new HashMap<>();
    return taken;
  }

  private void flushAsync() {
    for (Batch batch : takePending().values()) {
      workers.async(batch.worker()).reportAccesses(request(batch), new StreamObserver<>() {
        @Override
        public void onNext(ReportAccessesResponse response) {}

        @Override
        public void onError(Throwable t) {
          LOG.debug("Reporting {} short-circuit reads to worker at {} failed", batch.blockIds().size(),
              batch.worker().hostPort(), t);
        }

        @Override
        public void onCompleted() {}
      });
    }
  }

  /** Sends what is left and waits for it (briefly), so a short-lived process reports its reads too. */
  @Override
  public void close() {
    timer.shutdownNow();
    for (Batch batch : takePending().values()) {
      try {
        workers.blocking(batch.worker()).withDeadlineAfter(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
            .reportAccesses(request(batch));
      } catch (StatusRuntimeException e) {
        LOG.debug("Reporting {} short-circuit reads to worker at {} failed", batch.blockIds().size(),
            batch.worker().hostPort(), e);
      }
    }
  }

  private static ReportAccessesRequest request(Batch batch) {
    return ReportAccessesRequest.newBuilder().addAllBlockIds(batch.blockIds()).build();
  }
}
