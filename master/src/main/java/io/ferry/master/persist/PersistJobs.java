package io.ferry.master.persist;

import io.ferry.common.BlockIds;
import io.ferry.common.DaemonThreads;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.WorkerChannels;
import io.ferry.common.security.TransportSecurity;
import io.grpc.ClientInterceptor;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.namespace.PersistTarget;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.PersistFileRequest;
import io.ferry.proto.PersistFileResponse;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerReplicationServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persist jobs of the leading master: every file whose inode says it
 * waits for one (journaled, so a restarted or new leader finds them in the
 * metastore's index and resumes them) is written to the under storage by a
 * worker that caches all its blocks ({@code PersistFile}), then recorded
 * persisted ({@link FileSystemMaster#persisted}). A job that fails (its
 * worker died, the under storage refused) is tried again after a backoff,
 * from another copy when there is one.
 */
public final class PersistJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PersistJobs.class);
  private static final int PARALLELISM = 4;
  private static final long FIRST_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 30_000;
  /** A persist call's deadline: this, plus the file's length at {@link #SLOWEST_BYTES_PER_S}. */
  private static final Duration BASE_DEADLINE = Duration.ofMinutes(2);
  private static final long SLOWEST_BYTES_PER_S = 1L << 20;
  /** Tries of recording a persist whose file moved between the lookup of its path and the lock. */
  private static final int RECORD_TRIES = 5;

  private final MetaStore store;
  private final FileSystemMaster fs;
  private final BlockLocations locations;
  private final WorkerRegistry workers;
  private final WorkerChannels channels;
  private final Duration initialWait;
  private final LongSupplier clockMs;
  private final ExecutorService threads = Executors.newFixedThreadPool(PARALLELISM, DaemonThreads.numbered("persist-"));
  /** File id, then the under-storage URI its running job writes. */
  private final Map<Long, String> running = new ConcurrentHashMap<>();
  private final Map<Long, Failures> failures = new ConcurrentHashMap<>();

  public PersistJobs(MetaStore store, FileSystemMaster fs, BlockLocations locations, WorkerRegistry workers,
      Duration connectTimeout, TransportSecurity security, ClientInterceptor credentials, Duration initialWait,
      LongSupplier clockMs) {
    this.store = store;
    this.fs = fs;
    this.locations = locations;
    this.workers = workers;
    this.channels = new WorkerChannels(connectTimeout, security, credentials);
    this.initialWait = initialWait;
    this.clockMs = clockMs;
  }

  /**
   * Starts the job of every waiting file whose initial wait is over and that
   * is not running or backing off. A file whose under-storage URI a running job
   * writes (another file renamed away from that name while its job ran) waits
   * for that job to end: its copy is renamed away first, so the two never
   * write the same object.
   */
  public void startDue() {
    long now = clockMs.getAsLong();
    List<Long> waiting = store.persistPendingIds();
    failures.keySet().retainAll(new HashSet<>(waiting));
    for (long id : waiting) {
      Failures failed = failures.get(id);
      if (running.containsKey(id) || (failed != null && failed.retryAtMs > now)) {
        continue;
      }
      Optional<PersistTarget> target = fs.persistTarget(id);
      if (target.isPresent() && now - target.get().completedMs() >= initialWait.toMillis()
          && !running.containsValue(target.get().ufsUri())) {
        running.put(id, target.get().ufsUri());
        threads.execute(() -> run(target.get()));
      }
    }
  }

  /** Files whose job is running now (for tests and metrics). */
  public int runningCount() {
    return running.size();
  }

  private void run(PersistTarget target) {
    Failures failed = failures.computeIfAbsent(target.fileId(), id -> new Failures());
    WorkerAddress source = null;
    try {
      source = PersistSources.choose(target, locations, workers.liveWorkers(), failed.workers)
          .orElseThrow(() -> new FerryException(ErrorCode.UNAVAILABLE, "no live worker caches every block"));
      PersistFileResponse written = persistOn(source, target);
      record(target, written.getFingerprint());
      failures.remove(target.fileId());
      LOG.info("Persisted {} ({} bytes) from worker {}", target.path(), target.length(), WorkerChannels.key(source));
    } catch (FerryException | StatusRuntimeException e) {
      if (source != null) {
        failed.workers.add(source.getWorkerId());
      }
      failed.backOff(clockMs.getAsLong());
      LOG.warn("Cannot persist {} yet{}: {}; trying again in {} ms", target.path(),
          source == null ? "" : " from worker " + WorkerChannels.key(source), e.getMessage(), failed.backoffMs);
    } catch (RuntimeException e) {
      failed.backOff(clockMs.getAsLong());
      LOG.error("Persist job of {} failed", target.path(), e);
    } finally {
      running.remove(target.fileId());
    }
  }

  private PersistFileResponse persistOn(WorkerAddress source, PersistTarget target) {
    long deadlineMs = BASE_DEADLINE.toMillis() + target.length() / SLOWEST_BYTES_PER_S * 1000;
    PersistFileRequest request = PersistFileRequest.newBuilder()
        .setMountId(target.mountId())
        .setUfsUri(target.ufsUri())
        .setLength(target.length())
        .addAllBlockIds(LongStream.range(0, target.blockCount()).map(i -> BlockIds.of(target.fileId(), i)).boxed()
            .toList())
        .build();
    return WorkerReplicationServiceGrpc.newBlockingStub(channels.channel(source))
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
        .persistFile(request);
  }

  private void record(PersistTarget target, String fingerprint) throws FerryException {
    for (int i = 0; i < RECORD_TRIES; i++) {
      if (fs.persisted(target, fingerprint)) {
        return;
      }
    }
    throw new FerryException(ErrorCode.UNAVAILABLE, "it kept moving while its persist was recorded");
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.close();
  }

  /** A file's failed tries: the workers that failed it and when to try again. */
  private static final class Failures {
    final Set<Long> workers = ConcurrentHashMap.newKeySet();
    volatile long backoffMs;
    volatile long retryAtMs;

    void backOff(long nowMs) {
      backoffMs = backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      retryAtMs = nowMs + backoffMs;
    }
  }
}
