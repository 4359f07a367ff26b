package io.ferry.worker.fetch;

import io.ferry.common.DaemonThreads;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UfsInputStream;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TempBlock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fetches block ranges from the UFS into the block store, handing the bytes
 * to the requests as they arrive. Concurrent requests
 * for one block (and fingerprint) share one fetch, and at most
 * {@code concurrency} fetches run at once. A fetch that finds the UFS file
 * at another version than the request's fingerprint fails FILE_CHANGED and
 * caches nothing: its bytes are not the version asked for. (A request with
 * no fingerprint names no version, and takes what it finds.)
 */
public final class BlockFetcher implements Closeable {
  private record FlightKey(long blockId, String fingerprint) {}

  /** A fetch in progress and how many requests wait for it. */
  private static final class Flight {
    final CompletableFuture<SharedBlockFile> result = new CompletableFuture<>();
    int readers; // changed only inside the in-flight map's atomic operations
  }

  private static final int STOP_WAIT_SECONDS = 5;

  private final BlockStore store;
  private final UfsResolver ufs;
  private final WorkerCounters counters;
  private final ExecutorService pool;
  private final ConcurrentHashMap<FlightKey, Flight> inFlight = new ConcurrentHashMap<>();

  public BlockFetcher(BlockStore store, UfsResolver ufs, int concurrency, WorkerCounters counters) {
    this.store = store;
    this.ufs = ufs;
    this.counters = counters;
    this.pool = Executors.newFixedThreadPool(concurrency, DaemonThreads.numbered("ferry-ufs-fetch"));
  }

  /**
   * Fetches the block, or joins the fetch of it already running, and opens
   * it, once its first bytes can be read (see {@link #fetchToFile}). With
   * {@code cache} (and if it fits) the block is cached too. The caller must
   * close what it gets.
   */
  public OpenBlock fetch(long blockId, UfsBlockSource source, boolean cache) throws IOException {
    FlightKey key = new FlightKey(blockId, source.getFingerprint());
    boolean[] leader = {false};
    Flight flight = inFlight.compute(key, (k, running) -> {
      Flight f = running != null ? running : new Flight();
      leader[0] = running == null;
      f.readers++;
      return f;
    });
    if (leader[0]) {
      try {
        pool.execute(() -> run(key, flight, source, cache));
      } catch (RejectedExecutionException e) {
        flight.result.completeExceptionally(new FerryException(ErrorCode.UNAVAILABLE, "The worker is shutting down"));
        land(key, flight);
      }
    }
    try {
      return flight.result.get().open();
    } catch (InterruptedException e) {
      // Still counted as a reader: give the block back when it lands.
      flight.result.thenAccept(SharedBlockFile::release);
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.UNAVAILABLE, "Interrupted while fetching block " + blockId);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new FerryException(ErrorCode.INTERNAL, "Fetch of block " + blockId + " failed: " + e.getCause(),
          e.getCause());
    }
  }

  private void run(FlightKey key, Flight flight, UfsBlockSource source, boolean cache) {
    try {
      flight.result.complete(fetchToFile(key.blockId(), source, cache, flight.result::complete));
    } catch (Throwable t) {
      if (!flight.result.completeExceptionally(t)) {
        flight.result.join().failed(t); // readers had its first bytes: those still waiting fail
      }
    } finally {
      land(key, flight);
    }
  }

  /** Ends a flight. Once out of the map no request can join it, so its reader count is final. */
  private void land(FlightKey key, Flight flight) {
    inFlight.remove(key, flight);
    if (!flight.result.isCompletedExceptionally()) {
      flight.result.join().expectReaders(flight.readers);
    }
  }

  /**
   * Copies the block into a temporary file and caches it. The file is handed
   * to {@code publish} as soon as the GET tells the version it reads (an
   * object store's ETag), so readers send its bytes as they arrive; a UFS
   * that tells the version only once the bytes are read (a file system) has
   * its block published whole, as bytes of another version must never reach
   * a reader. A request that names no version caches the block as the
   * version read; if the UFS tells none either (an object without an ETag)
   * the block is served but not cached: in the store an empty fingerprint
   * marks a block that exists only in the cache, which is never evicted.
   */
  private SharedBlockFile fetchToFile(long blockId, UfsBlockSource source, boolean cache,
      Consumer<SharedBlockFile> publish) throws IOException {
    UnderFileSystem under = ufs.forMount(source.getMountId());
    long length = source.getBlockLength();
    TempBlock temp = store.createTemp(blockId);
    SharedBlockFile file = null;
    boolean published = false;
    try {
      file = new SharedBlockFile(FileChannel.open(temp.path(), StandardOpenOption.READ), length);
      long copied;
      String version;
      try (UfsInputStream in = under.open(source.getUfsUri(), source.getBlockStart(), length)) {
        if (in.fingerprintKnownAtOpen()) {
          checkVersion(source, in.fingerprint());
          publish.accept(file);
          published = true;
        }
        copied = temp.copyFrom(in, length, file::grew);
        version = in.fingerprint();
      }
      counters.ufsBytesRead(copied);
      checkVersion(source, version);
      if (copied < length) {
        throw FetchFailures.shortRead(source, source.getBlockStart(), length, copied);
      }
      temp.close();
      Path cachedPath = null;
      String cachedVersion = source.getFingerprint().isEmpty() ? Objects.toString(version, "")
          : source.getFingerprint();
      if (cache && !cachedVersion.isEmpty() && store.fits(length)) {
        cachedPath = store.commit(temp, cachedVersion).path();
      } else {
        temp.discard(); // served from the open channel only
      }
      file.fetched(cachedPath);
      return file;
    } catch (IOException | RuntimeException e) {
      temp.discard();
      if (file != null && !published) {
        file.discardUnread();
      }
      throw e;
    }
  }

  /** A fetch that finds another version than the request's caches nothing; an empty fingerprint names none. */
  private static void checkVersion(UfsBlockSource source, String version) throws FerryException {
    if (!source.getFingerprint().isEmpty() && !source.getFingerprint().equals(version)) {
      throw FetchFailures.changed(source, version);
    }
  }

  /**
   * Stops fetching; requests still waiting fail with UNAVAILABLE. Waits a
   * little for the fetches to stop: a reader may have had a block's last
   * bytes while its fetch still commits it to the store.
   */
  @Override
  public void close() {
    pool.shutdownNow();
    FerryException stopped = new FerryException(ErrorCode.UNAVAILABLE, "The worker is shutting down");
    inFlight.values().forEach(f -> f.result.completeExceptionally(stopped));
    try {
      pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
