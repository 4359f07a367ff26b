package io.ferry.master.load;

import io.ferry.common.security.Identity;
import io.ferry.proto.LoadFailure;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.LoadJobState;
import io.grpc.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load job as the master sees it now: what it loads (as stored), its
 * state, and progress counters kept in memory (a resumed job counts again).
 */
final class LoadJob {
  /** Failed files listed in a job's status; the count covers them all. */
  static final int MAX_FAILURES_KEPT = 100;

  private final LoadJobInfo stored;
  /** Cancelling it cancels the job's LoadBlocks calls in flight. From ROOT: not tied to the RPC that created the job. */
  private final Context.CancellableContext calls = Context.ROOT.withCancellation();
  private LoadJobState state;
  private long endedMs;
  private String error;
  private boolean listingComplete;
  private final List<LoadFailure> failures = new ArrayList<>();
  final AtomicLong filesTotal = new AtomicLong();
  final AtomicLong filesDone = new AtomicLong();
  final AtomicLong filesFailed = new AtomicLong();
  final AtomicLong bytesTotal = new AtomicLong();
  final AtomicLong bytesDone = new AtomicLong();
  final AtomicLong bytesFetched = new AtomicLong();

  /** A job from its stored record: an ended job shows its final counters, a running one starts counting. */
  LoadJob(LoadJobInfo stored) {
    this.stored = stored;
    this.state = stored.getState();
    this.endedMs = stored.getEndedMs();
    this.error = stored.getError();
    if (state != LoadJobState.LOAD_RUNNING) {
      listingComplete = true;
      failures.addAll(stored.getFailuresList());
      filesTotal.set(stored.getFilesTotal());
      filesDone.set(stored.getFilesDone());
      filesFailed.set(stored.getFilesFailed());
      bytesTotal.set(stored.getBytesTotal());
      bytesDone.set(stored.getBytesDone());
      bytesFetched.set(stored.getBytesFetched());
    }
  }

  long id() {
    return stored.getJobId();
  }

  String path() {
    return stored.getPath();
  }

  /** Who created the job (user "" with authentication NONE). */
  Identity owner() {
    return new Identity(stored.getUser(), stored.getGroupsList());
  }

  int replicas() {
    return stored.getReplicas();
  }

  int parallelism() {
    return stored.getParallelism();
  }

  Context.CancellableContext calls() {
    return calls;
  }

  synchronized boolean isRunning() {
    return state == LoadJobState.LOAD_RUNNING;
  }

  synchronized void listingComplete() {
    listingComplete = true;
  }

  synchronized void fail(String path, String errorCode, String message) {
    filesFailed.incrementAndGet();
    if (failures.size() < MAX_FAILURES_KEPT) {
      failures.add(LoadFailure.newBuilder().setPath(path).setErrorCode(errorCode).setMessage(message).build());
    }
  }

  /** Ends the job (once: a cancelled job stays cancelled); false if it had ended already. */
  synchronized boolean end(LoadJobState endState, long nowMs, String why) {
    if (state != LoadJobState.LOAD_RUNNING) {
      return false;
    }
    state = endState;
    endedMs = nowMs;
    error = why;
    return true;
  }

  synchronized LoadJobInfo info() {
    return stored.toBuilder()
        .setState(state)
        .setEndedMs(endedMs)
        .setError(error)
        .setListingComplete(listingComplete)
        .setFilesTotal(filesTotal.get())
        .setFilesDone(filesDone.get())
        .setFilesFailed(filesFailed.get())
        .setBytesTotal(bytesTotal.get())
        .setBytesDone(bytesDone.get())
        .setBytesFetched(bytesFetched.get())
        .clearFailures().addAllFailures(failures)
        .build();
  }
}
