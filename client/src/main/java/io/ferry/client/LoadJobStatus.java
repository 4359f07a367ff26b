package io.ferry.client;

import java.util.List;

/**
 * A load job ({@code ferry load}) and its progress. The master keeps the
 * counters in memory: after its restart they are counted again as the job resumes.
 *
 * @param endedMs 0 while running
 * @param listingComplete false while the totals still grow
 * @param filesDone files cached at the asked replication (loaded or found cached)
 * @param bytesFetched of {@code bytesDone}, fetched from the under storage by this run of the job
 * @param failures the first 100 files that failed
 * @param error why the job itself failed (e.g. its path is gone), "" otherwise
 */
public record LoadJobStatus(long jobId, String path, int replicas, int parallelism, State state, long createdMs,
    long endedMs, boolean listingComplete, long filesTotal, long filesDone, long filesFailed, long bytesTotal,
    long bytesDone, long bytesFetched, List<FailedFile> failures, String error) {
  public LoadJobStatus {
    failures = List.copyOf(failures);
  }

  public enum State {
    RUNNING,
    /** Every file cached at the asked replication. */
    COMPLETED,
    /** Ended with files that failed after their retries. */
    FAILED,
    CANCELLED,
    /** A state this client does not know (sent by a newer master). */
    UNKNOWN
  }

  /** @param errorCode the {@code ErrorCode} name */
  public record FailedFile(String path, String errorCode, String message) {}
}
