package io.ferry.master.rpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.grpc.Context;
import io.grpc.Deadline;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The mutations running now, by request id: the in-progress half of a retry
 * cache (the journaled {@code RequestDone} entries are the other half). A
 * client retries a mutation whose answer it did not get in time with the same
 * id; if the first attempt still runs (a recursive delete of a large tree),
 * the retry waits for it, then runs and finds the first answer. A retry
 * that would outwait its own deadline answers {@link ErrorCode#IN_PROGRESS}
 * shortly before it, so the client knows to ask again rather than give up.
 */
final class MutationsInFlight {
  /** What a retry leaves of its deadline to send the "still in progress" answer. */
  private static final long ANSWER_MARGIN_MS = 1000;

  private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

  /** Runs {@code body} for {@code requestId} once no other attempt with that id runs ("" = no id: at once). */
  <T> T run(String requestId, Calls.Body<T> body) throws Exception {
    if (requestId.isEmpty()) {
      return body.run();
    }
    while (true) {
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> first = running.putIfAbsent(requestId, mine);
      if (first == null) {
        try {
          return body.run();
        } finally {
          running.remove(requestId, mine);
          mine.complete(null);
        }
      }
      awaitEnd(requestId, first);
    }
  }

  private static void awaitEnd(String requestId, CompletableFuture<Void> first) throws Exception {
    try {
      first.get(patienceMs(Context.current().getDeadline()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new FerryException(ErrorCode.IN_PROGRESS, "Request " + requestId + " is still running on the master");
    } catch (ExecutionException e) {
      // the first attempt ended (its failure went to its own caller): this one runs now
    }
  }

  /** How long a retry may wait for the first attempt: its deadline, less the time to answer. */
  static long patienceMs(Deadline deadline) {
    if (deadline == null) {
      return Long.MAX_VALUE;
    }
    long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
    return Math.max(0, left - Math.min(ANSWER_MARGIN_MS, left / 2));
  }
}
