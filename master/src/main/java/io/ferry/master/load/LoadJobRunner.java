package io.ferry.master.load;

import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.security.AuditLog;
import io.ferry.master.security.PermissionChecker;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.FileInfo;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.LoadBlock;
import io.ferry.proto.LoadBlockResult;
import io.ferry.proto.LoadBlocksRequest;
import io.ferry.proto.UfsBlockSource;
import io.ferry.proto.WorkerInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load job: walks its path page by page (holding the directories
 * still to list, never the whole listing), and for each page of files sends
 * every worker one batch of the blocks placed on it that it does not hold
 * yet, all workers at once. Files that fail are retried with backoff (placed
 * again over the workers still answering), then reported. Directories and
 * files its creator may not read are skipped, each a failure of the job
 * (uncounted in its bytes) and a denial in the audit log.
 */
final class LoadJobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LoadJobRunner.class);

  private final LoadJob job;
  private final FileSystemMaster fs;
  private final PermissionChecker permissions;
  private final WorkerRegistry workers;
  private final BlockLocations locations;
  private final WorkerLoadClients clients;
  private final LoadSettings settings;
  private final ExecutorService calls;
  /** Workers whose LoadBlocks call failed: their share goes to the others for the rest of the job. */
  private final Set<Long> failedWorkers = ConcurrentHashMap.newKeySet();

  LoadJobRunner(LoadJob job, FileSystemMaster fs, PermissionChecker permissions, WorkerRegistry workers,
      BlockLocations locations, WorkerLoadClients clients, LoadSettings settings, ExecutorService calls) {
    this.job = job;
    this.fs = fs;
    this.permissions = permissions;
    this.workers = workers;
    this.locations = locations;
    this.clients = clients;
    this.settings = settings;
    this.calls = calls;
  }

  /** Loads everything under the job's path; returns when done or when the job is cancelled. */
  void run() throws FerryException, InterruptedException {
    Deque<String> dirs = new ArrayDeque<>();
    dirs.push(job.path());
    boolean top = true;
    while (!dirs.isEmpty() && job.isRunning()) {
      String dir = dirs.pop();
      try {
        fs.listStatus(ListStatusRequest.newBuilder().setPath(dir).setPageSize(settings.pageFiles()).build(), page -> {
          List<FileInfo> files = new ArrayList<>();
          for (FileInfo f : page) {
            if (!f.getIsDirectory()) {
              if (readable(f)) {
                files.add(f);
              }
            } else if (!f.getPath().equals(dir)) {
              dirs.push(f.getPath());
            }
          }
          loadPage(files);
        });
      } catch (FerryException e) {
        if (top || (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.PERMISSION_DENIED)) {
          throw e;
        }
        if (e.code() == ErrorCode.PERMISSION_DENIED) {
          denied(dir, e);
        }
        // else a directory deleted since it was listed: nothing left to load there
      } catch (CancellationException e) {
        throw new InterruptedException("load job " + job.id() + " interrupted");
      }
      top = false;
    }
    job.listingComplete();
  }

  /** Whether the job's creator may read the file (the listing checked the way to it); a denial is noted. */
  private boolean readable(FileInfo f) {
    try {
      permissions.checkAccess("load", f, PermissionChecker.READ);
      return true;
    } catch (FerryException e) {
      denied(f.getPath(), e);
      return false;
    }
  }

  private void denied(String path, FerryException e) {
    job.fail(path, e.code().name(), e.getMessage());
    AuditLog.record(false, job.owner().user(), "-", "load", path, null);
  }

  /** Called from the listing's page consumer, which cannot throw checked exceptions. */
  private void loadPage(List<FileInfo> files) {
    try {
      loadWithRetries(files);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException();
    }
  }

  private void loadWithRetries(List<FileInfo> files) throws InterruptedException {
    job.filesTotal.addAndGet(files.size());
    job.bytesTotal.addAndGet(files.stream().mapToLong(FileInfo::getLength).sum());
    List<FileInfo> todo = files;
    Map<FileInfo, FerryException> failed = Map.of();
    for (int attempt = 0; !todo.isEmpty() && job.isRunning(); attempt++) {
      failed = loadOnce(todo);
      if (failed.isEmpty() || attempt >= settings.retries()) {
        break;
      }
      Thread.sleep(settings.retryBackoff().toMillis() << attempt);
      todo = new ArrayList<>(failed.keySet());
    }
    if (job.isRunning()) {
      failed.forEach((f, e) -> {
        LOG.warn("Load job {}: {} failed after {} retries: {} {}", job.id(), f.getPath(), settings.retries(),
            e.code(), e.getMessage());
        job.fail(f.getPath(), e.code().name(), e.getMessage());
      });
    }
  }

  /** One attempt at the files; the ones that failed, with why. */
  private Map<FileInfo, FerryException> loadOnce(List<FileInfo> files) throws InterruptedException {
    List<WorkerInfo> live = workers.liveWorkers().stream()
        .filter(w -> !failedWorkers.contains(w.getAddress().getWorkerId())).toList();
    if (live.size() < job.replicas()) {
      // too few answering workers left: the failures may have been passing, so ask every live worker again
      failedWorkers.clear();
      live = workers.liveWorkers();
    }
    Map<FileInfo, FerryException> failed = new LinkedHashMap<>();
    Map<WorkerInfo, List<LoadBlock>> batches = new HashMap<>();
    for (FileInfo f : files) {
      try {
        planFile(f, live, batches);
      } catch (FerryException e) {
        failed.put(f, e);
      }
    }
    Map<Long, LoadBlockResult> results = dispatch(batches);
    for (FileInfo f : files) {
      if (failed.containsKey(f)) {
        continue;
      }
      FerryException error = null;
      long fetched = 0;
      for (LoadBlockResult r : resultsOf(f, results)) {
        if (r.getOutcome() == LoadBlockResult.Outcome.FAILED) {
          error = new FerryException(ErrorCode.valueOf(r.getErrorCode()), r.getMessage());
        } else if (r.getOutcome() == LoadBlockResult.Outcome.LOADED) {
          fetched += blockLength(f, BlockIds.index(r.getBlockId()));
        }
      }
      if (error != null) {
        failed.put(f, error);
      } else {
        job.filesDone.incrementAndGet();
        job.bytesDone.addAndGet(f.getLength());
        job.bytesFetched.addAndGet(fetched);
      }
    }
    return failed;
  }

  /** Adds the file's blocks that lack replicas to the batches of their target workers. */
  private void planFile(FileInfo f, List<WorkerInfo> live, Map<WorkerInfo, List<LoadBlock>> batches)
      throws FerryException {
    if (!f.getComplete()) {
      throw new FerryException(ErrorCode.UNAVAILABLE, "the file is still being written");
    }
    Set<Long> liveIds = new HashSet<>();
    live.forEach(w -> liveIds.add(w.getAddress().getWorkerId()));
    Map<WorkerInfo, List<LoadBlock>> mine = new HashMap<>();
    for (int i = 0; i < blockCount(f); i++) {
      long blockId = BlockIds.of(f.getId(), i);
      Set<Long> holders = new HashSet<>(locations.workersOf(blockId));
      holders.retainAll(liveIds);
      if (holders.size() >= job.replicas()) {
        continue;
      }
      if (!f.getPersisted()) {
        throw new FerryException(ErrorCode.NOT_FOUND, "the file is not in the under storage (written MUST_CACHE) "
            + "and its blocks are not cached");
      }
      if (live.size() < job.replicas()) {
        throw new FerryException(ErrorCode.UNAVAILABLE, job.replicas() + " replicas asked but only " + live.size()
            + " worker(s) are live and answering");
      }
      for (WorkerInfo target : LoadPlacement.targets(blockId, live, job.replicas())) {
        if (!holders.contains(target.getAddress().getWorkerId())) {
          mine.computeIfAbsent(target, w -> new ArrayList<>()).add(LoadBlock.newBuilder().setBlockId(blockId)
              .setSource(source(f, i)).build());
        }
      }
    }
    mine.forEach((w, blocks) -> batches.computeIfAbsent(w, x -> new ArrayList<>()).addAll(blocks));
  }

  /**
   * Sends each worker its blocks (in calls of at most batchBlocks), all workers
   * at once; the results by block id. With two replicas on two workers a
   * block has two results: a failure wins, so the block is retried.
   */
  private Map<Long, LoadBlockResult> dispatch(Map<WorkerInfo, List<LoadBlock>> batches)
      throws InterruptedException {
    List<Future<List<LoadBlockResult>>> futures = new ArrayList<>();
    batches.forEach((worker, blocks) -> futures.add(calls.submit(job.calls().wrap(() -> loadOn(worker, blocks)))));
    Map<Long, LoadBlockResult> results = new HashMap<>();
    for (Future<List<LoadBlockResult>> future : futures) {
      try {
        for (LoadBlockResult r : future.get()) {
          results.merge(r.getBlockId(), r,
              (a, b) -> a.getOutcome() == LoadBlockResult.Outcome.FAILED ? a : b);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("A load call failed unexpectedly", e.getCause());
      }
    }
    return results;
  }

  /** Loads blocks on one worker; a failed call fails each of its blocks and takes the worker out of the job. */
  private List<LoadBlockResult> loadOn(WorkerInfo worker, List<LoadBlock> blocks) {
    List<LoadBlockResult> out = new ArrayList<>(blocks.size());
    for (int from = 0; from < blocks.size(); from += settings.batchBlocks()) {
      List<LoadBlock> batch = blocks.subList(from, Math.min(blocks.size(), from + settings.batchBlocks()));
      try {
        out.addAll(clients.load(worker.getAddress(), LoadBlocksRequest.newBuilder().addAllBlocks(batch)
            .setParallelism(job.parallelism()).build()).getResultsList());
      } catch (FerryException e) {
        failedWorkers.add(worker.getAddress().getWorkerId());
        for (LoadBlock b : blocks.subList(from, blocks.size())) {
          out.add(LoadBlockResult.newBuilder().setBlockId(b.getBlockId())
              .setOutcome(LoadBlockResult.Outcome.FAILED).setErrorCode(e.code().name())
              .setMessage(e.getMessage()).build());
        }
        break;
      }
    }
    return out;
  }

  /** The results of the blocks of {@code f} that were sent (blocks cached already have none). */
  private static List<LoadBlockResult> resultsOf(FileInfo f, Map<Long, LoadBlockResult> results) {
    List<LoadBlockResult> out = new ArrayList<>();
    for (int i = 0; i < blockCount(f); i++) {
      LoadBlockResult r = results.get(BlockIds.of(f.getId(), i));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private static int blockCount(FileInfo f) {
    return f.getBlockSize() > 0 ? BlockIds.count(f.getLength(), f.getBlockSize()) : 0;
  }

  private static long blockLength(FileInfo f, int index) {
    return Math.min(f.getBlockSize(), f.getLength() - index * f.getBlockSize());
  }

  /** Where the worker finds the block in the UFS, as a reader's request says it. */
  private static UfsBlockSource source(FileInfo f, int index) {
    return UfsBlockSource.newBuilder()
        .setMountId(f.getMountId())
        .setUfsUri(f.getUfsUri())
        .setBlockStart(index * f.getBlockSize())
        .setBlockLength(blockLength(f, index))
        .setFingerprint(f.getFingerprint())
        .build();
  }
}
