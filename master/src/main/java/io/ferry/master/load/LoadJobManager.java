package io.ferry.master.load;

import io.ferry.common.DaemonThreads;
import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.proto.JournalEntry;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.security.CallerContext;
import io.ferry.master.security.PermissionChecker;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.CreateLoadJobRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.LoadJobState;
import io.ferry.proto.SetReplicationRequest;
import io.ferry.common.security.Identity;
import io.grpc.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load jobs: created, cancelled and ended through the journal (so they
 * survive a restart), run by one {@link LoadJobRunner} each. After a master
 * start, jobs that were running resume once workers had time to register
 * again; what they loaded before is found cached and not fetched again.
 * A job runs with the permissions of the user who created it (stored with
 * it), who alone (or a superuser) may see and cancel it.
 */
public final class LoadJobManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadJobManager.class);

  private final Journal journal;
  private final FileSystemMaster fs;
  private final PermissionChecker permissions;
  private final WorkerRegistry workers;
  private final BlockLocations locations;
  private final WorkerLoadClients clients;
  private final LoadSettings settings;
  private final LongSupplier clockMs;
  private final Map<Long, LoadJob> jobs = new TreeMap<>();
  private final ScheduledExecutorService runners = Executors.newScheduledThreadPool(1, DaemonThreads.numbered("load-job"));
  private final ExecutorService calls = Executors.newCachedThreadPool(DaemonThreads.numbered("load-call"));
  private long nextId = 1;

  public LoadJobManager(MetaStore store, Journal journal, FileSystemMaster fs, PermissionChecker permissions,
      WorkerRegistry workers, BlockLocations locations, WorkerLoadClients clients, LoadSettings settings,
      LongSupplier clockMs) {
    this.journal = journal;
    this.fs = fs;
    this.permissions = permissions;
    this.workers = workers;
    this.locations = locations;
    this.clients = clients;
    this.settings = settings;
    this.clockMs = clockMs;
    for (LoadJobInfo stored : store.loadJobs()) {
      jobs.put(stored.getJobId(), new LoadJob(stored));
      nextId = Math.max(nextId, stored.getJobId() + 1);
    }
  }

  /** Resumes the jobs that were running when the master stopped, after the resume delay. */
  public synchronized void resumeUnfinished() {
    for (LoadJob job : jobs.values()) {
      if (job.isRunning()) {
        LOG.info("Load job {} ({}) resumes in {}", job.id(), job.path(), settings.resumeDelay());
        schedule(job, settings.resumeDelay().toMillis());
      }
    }
  }

  public synchronized LoadJobInfo create(CreateLoadJobRequest request) throws FerryException {
    String path = FerryPath.normalize(request.getPath());
    FileInfo target = fs.statusToRead("load", path); // NOT_FOUND names the path
    int replicas = request.getReplicas() == 0 ? 1 : request.getReplicas();
    if (replicas < 1) {
      throw FerryException.invalidArgument("--replicas must be at least 1, not " + request.getReplicas());
    }
    if (request.getParallelism() < 0) {
      throw FerryException.invalidArgument("--parallelism must be at least 1, not " + request.getParallelism());
    }
    int live = workers.liveWorkers().size();
    if (replicas > live) {
      throw FerryException.invalidArgument("Cannot load " + path + " with " + replicas + " replicas: the cluster has "
          + live + " live worker(s)");
    }
    if (replicas > Math.max(1, target.getReplication())) {
      // the replication checker trims copies above a file's factor: raise it, so the job's copies stay
      fs.setReplication(SetReplicationRequest.newBuilder().setPath(path).setReplication(replicas).build());
    }
    LoadJobInfo created = LoadJobInfo.newBuilder()
        .setJobId(nextId)
        .setPath(path)
        .setReplicas(replicas)
        .setParallelism(request.getParallelism())
        .setState(LoadJobState.LOAD_RUNNING)
        .setCreatedMs(clockMs.getAsLong())
        .setUser(CallerContext.current().map(Identity::user).orElse(""))
        .addAllGroups(CallerContext.current().map(Identity::groups).orElse(List.of()))
        .build();
    store(created);
    nextId++;
    LoadJob job = new LoadJob(created);
    jobs.put(job.id(), job);
    LOG.info("Load job {} created: {} with {} replica(s)", job.id(), path, replicas);
    schedule(job, 0);
    return job.info();
  }

  public synchronized LoadJobInfo get(long id) throws FerryException {
    return owned("getLoadJob", id).info();
  }

  /** The jobs the caller may see: its own (every job for a superuser or without authentication). */
  public synchronized List<LoadJobInfo> list() {
    List<LoadJobInfo> out = new ArrayList<>();
    jobs.values().stream().filter(j -> permissions.isOwnerOrExempt(j.owner().user())).forEach(j -> out.add(j.info()));
    return out;
  }

  /** Cancels a running job: durable at once; its calls in flight are cancelled. An ended job is unchanged. */
  public synchronized LoadJobInfo cancel(long id) throws FerryException {
    LoadJob job = owned("cancelLoadJob", id);
    if (job.end(LoadJobState.LOAD_CANCELLED, clockMs.getAsLong(), "")) {
      store(job.info());
      job.calls().cancel(null);
      LOG.info("Load job {} cancelled", id);
    }
    return job.info();
  }

  /** The job, if the caller owns it (or needs no ownership); else PERMISSION_DENIED. */
  private LoadJob owned(String op, long id) throws FerryException {
    LoadJob job = jobs.get(id);
    if (job == null) {
      throw new FerryException(ErrorCode.NOT_FOUND, "No load job with id " + id);
    }
    permissions.checkOwner(op, "load job " + id + " (" + job.path() + ")", job.owner().user());
    return job;
  }

  private void schedule(LoadJob job, long delayMs) {
    runners.schedule(() -> calls.execute(() -> run(job)), delayMs, TimeUnit.MILLISECONDS);
  }

  private void run(LoadJob job) {
    LoadJobState end;
    String why = "";
    // the creator's permissions apply to what the job lists and loads (none with authentication NONE)
    Context caller = job.owner().user().isEmpty() ? Context.ROOT : CallerContext.as(job.owner());
    Context previous = caller.attach();
    try {
      new LoadJobRunner(job, fs, permissions, workers, locations, clients, settings, calls).run();
      end = job.filesFailed.get() > 0 ? LoadJobState.LOAD_FAILED : LoadJobState.LOAD_COMPLETED;
    } catch (InterruptedException e) {
      return; // the master is stopping: the job stays running and resumes at the next start
    } catch (FerryException | RuntimeException e) {
      LOG.warn("Load job {} failed: {}", job.id(), e.getMessage());
      end = LoadJobState.LOAD_FAILED;
      why = e.getMessage();
    } finally {
      caller.detach(previous);
    }
    synchronized (this) {
      if (job.end(end, clockMs.getAsLong(), why)) {
        try {
          store(job.info());
          LOG.info("Load job {} ended {}: {} file(s) done, {} failed", job.id(), end, job.filesDone.get(),
              job.filesFailed.get());
        } catch (FerryException e) {
          LOG.error("Cannot record the end of load job {}: {}", job.id(), e.getMessage());
        }
      }
    }
  }

  private void store(LoadJobInfo info) throws FerryException {
    journal.write(List.of(JournalEntry.newBuilder().setUpsertLoadJob(info).build()));
  }

  @Override
  /**
   * Stops the jobs' threads and waits for them (a few seconds at most), so no
   * job touches the metastore after the master closes it.
   */
  public void close() {
    runners.shutdownNow();
    calls.shutdownNow();
    try {
      if (!runners.awaitTermination(10, TimeUnit.SECONDS) || !calls.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Load job threads still running 10 s after the master began to stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    clients.close();
  }
}
