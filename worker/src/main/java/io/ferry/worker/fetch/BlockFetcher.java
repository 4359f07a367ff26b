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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fetches block ranges from the UFS into the block store. Concurrent requests
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
   * it. With {@code cache} (and if it fits) the block is cached too. The
   * caller must close what it gets.
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
        land(key, flight, null, new FerryException(ErrorCode.UNAVAILABLE, "The worker is shutting down"));
      }
    }
    try {
      return flight.result.get().open();
    } catch (InterruptedException e) {
      // Still counted as a reader: give the block back when it lands.
      flight.result.thenAccept(SharedBlockFile::releaseQuietly);
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
      land(key, flight, fetchToFile(key.blockId(), source, cache), null);
    } catch (Throwable t) {
      land(key, flight, null, t);
    }
  }

  /** Ends a flight. Once out of the map no request can join it, so its reader count is final. */
  private void land(FlightKey key, Flight flight, SharedBlockFile fetched, Throwable failure) {
    inFlight.remove(key, flight);
    if (failure != null) {
      flight.result.completeExceptionally(failure);
      return;
    }
    fetched.expectReaders(flight.readers);
    flight.result.complete(fetched);
  }

  private SharedBlockFile fetchToFile(long blockId, UfsBlockSource source, boolean cache) throws IOException {
    UnderFileSystem under = ufs.forMount(source.getMountId());
    long length = source.getBlockLength();
    TempBlock temp = store.createTemp(blockId);
    FileChannel channel = null;
    try {
      long copied;
      String version;
      try (UfsInputStream in = under.open(source.getUfsUri(), source.getBlockStart(), length)) {
        copied = temp.copyFrom(in, length);
        version = in.fingerprint();
      }
      counters.ufsBytesRead(copied);
      if (!source.getFingerprint().isEmpty() && !version.equals(source.getFingerprint())) {
        throw FetchFailures.changed(source, version);
      }
      if (copied < length) {
        throw FetchFailures.shortRead(source, source.getBlockStart(), length, copied);
      }
      temp.close();
      channel = FileChannel.open(temp.path(), StandardOpenOption.READ);
      Path cachedPath = null;
      if (cache && store.fits(length)) {
        cachedPath = store.commit(temp, source.getFingerprint()).path();
      } else {
        temp.discard(); // served from the open channel only
      }
      return new SharedBlockFile(channel, length, cachedPath);
    } catch (IOException | RuntimeException e) {
      temp.discard();
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  /** Stops fetching; requests still waiting fail with UNAVAILABLE. */
  @Override
  public void close() {
    pool.shutdownNow();
    FerryException stopped = new FerryException(ErrorCode.UNAVAILABLE, "The worker is shutting down");
    inFlight.values().forEach(f -> f.result.completeExceptionally(stopped));
  }
}
