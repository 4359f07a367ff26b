package io.ferry.cli.bench;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.LoadJobStatus;
import io.ferry.client.LoadJobWaiter;
import io.ferry.client.PathStatus;
import io.ferry.client.WriteType;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ferry bench load}: writes three like datasets (and a small one to
 * warm up on) to the under storage only (THROUGH, so nothing is cached) below
 * a new directory, then measures in one run: the UFS read throughput with P
 * readers, a load job's throughput at parallelism P, and a training-style
 * pass (one reader, files in random order) cold, started together with a
 * load job, and warm. The directory is deleted at the end.
 */
public final class LoadBenchmark {
  private static final Duration POLL = Duration.ofMillis(10);
  private static final long SEED = 42;

  private final FerryClient client;
  private final Map<String, String> ufsOptions;
  private final int parallelism;
  private final int fileCount;
  private final int fileSize;
  private final byte[] buffer = new byte[ReadBenchmark.BUFFER_SIZE];

  public LoadBenchmark(FerryClient client, Map<String, String> ufsOptions, int parallelism, int fileCount,
      int fileSize) {
    this.client = client;
    this.ufsOptions = Map.copyOf(ufsOptions);
    this.parallelism = parallelism;
    this.fileCount = fileCount;
    this.fileSize = fileSize;
  }

  public LoadBenchResult run(String path) throws IOException {
    if (exists(path)) {
      throw FerryException.invalidArgument(path + " exists: give a new directory (on the mount to measure); the "
          + "benchmark writes its datasets there and deletes it at the end");
    }
    try {
      List<PathStatus> warmUp = writeDataset(path + "/warm-up", Math.max(1, fileCount / 8));
      List<PathStatus> cold = writeDataset(path + "/cold", fileCount);
      List<PathStatus> loaded = writeDataset(path + "/load", fileCount);
      List<PathStatus> withLoad = writeDataset(path + "/with-load", fileCount);

      // Untimed, on a dataset of its own: warms the worker's fetch path and this JVM's read paths,
      // so that no measured pass pays for JIT compilation the others do not.
      awaitJob(client.createLoadJob(path + "/warm-up", 1, parallelism));
      ReadPass.run("warm-up", warmUp, client::openFile, buffer);
      ufsReadMbps(warmUp);

      double ufsMbps = ufsReadMbps(loaded);
      long start = System.nanoTime();
      LoadJobStatus job = awaitJob(client.createLoadJob(path + "/load", 1, parallelism));
      double loadMbps = job.bytesDone() / 1e6 / ((System.nanoTime() - start) / 1e9);

      PassStats passCold = ReadPass.run("cold", shuffled(cold), client::openFile, buffer);
      LoadJobStatus running = client.createLoadJob(path + "/with-load", 1, parallelism);
      PassStats passWithLoad = ReadPass.run("with-load", shuffled(withLoad), client::openFile, buffer);
      awaitJob(running);
      Map<String, Long> placement = DataPlacement.of(client, withLoad);
      PassStats passWarm = ReadPass.run("warm", shuffled(withLoad), client::openFile, buffer);
      BenchConditions conditions = BenchConditions.observe(placement, Double.NaN, BenchConditions.MEM_TIER);
      return new LoadBenchResult(path, fileCount, fileSize, parallelism, ufsMbps, loadMbps, passCold, passWithLoad,
          passWarm, conditions);
    } finally {
      client.delete(path, true);
    }
  }

  private boolean exists(String path) throws FerryException {
    try {
      client.getStatus(path);
      return true;
    } catch (FerryException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /** Files of random bytes, written to the under storage only, with P writers. */
  private List<PathStatus> writeDataset(String dir, int count) throws IOException {
    client.createDirectory(dir, true);
    AtomicInteger next = new AtomicInteger();
    inParallel(() -> {
      byte[] data = new byte[fileSize];
      for (int i; (i = next.getAndIncrement()) < count; ) {
        new Random(SEED + i).nextBytes(data);
        try (FerryOutputStream out = client.createFile(String.format("%s/f-%05d", dir, i),
            CreateOptions.DEFAULT.withWriteType(WriteType.THROUGH))) {
          out.write(data);
        }
      }
    });
    return BenchFiles.under(client, dir);
  }

  /** Reads the files straight from the under storage with P readers; decimal MB/s. */
  private double ufsReadMbps(List<PathStatus> files) throws IOException {
    Map<Long, UnderFileSystem> ufsByMount = DirectUfs.open(client, files, ufsOptions);
    try {
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      inParallel(() -> {
        byte[] own = new byte[ReadBenchmark.BUFFER_SIZE];
        for (int i; (i = next.getAndIncrement()) < files.size(); ) {
          ReadPass.readFully("ufs", files.get(i),
              f -> ufsByMount.get(f.mountId()).open(f.ufsUri(), 0, -1), own);
        }
      });
      long bytes = files.stream().mapToLong(PathStatus::length).sum();
      return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    } finally {
      for (UnderFileSystem ufs : ufsByMount.values()) {
        ufs.close();
      }
    }
  }

  private LoadJobStatus awaitJob(LoadJobStatus job) throws FerryException {
    LoadJobStatus end = new LoadJobWaiter(client, POLL).await(job.jobId(), j -> { });
    if (end.state() != LoadJobStatus.State.COMPLETED) {
      throw new FerryException(ErrorCode.INTERNAL, "Load job " + end.jobId() + " of " + end.path()
          + " ended " + end.state() + ": " + end.error() + " " + end.failures());
    }
    return end;
  }

  private static List<PathStatus> shuffled(List<PathStatus> files) {
    List<PathStatus> out = new ArrayList<>(files);
    Collections.shuffle(out, new Random(SEED));
    return out;
  }

  /** Runs the task on P threads at once and waits for all; the first failure is thrown. */
  private void inParallel(IoTask task) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<Void>> runs = new ArrayList<>();
      for (int t = 0; t < parallelism; t++) {
        runs.add(pool.submit(() -> {
          task.run();
          return null;
        }));
      }
      for (Future<Void> run : runs) {
        run.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new FerryException(ErrorCode.INTERNAL, "Benchmark thread failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  @FunctionalInterface
  private interface IoTask {
    void run() throws IOException;
  }
}
