package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.PathStatus;
import io.ferry.client.ReadSource;
import io.ferry.client.WorkerStatus;
import io.ferry.cli.bench.RandomRanges.Range;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads random ranges of the files under a path three times, as a training
 * job reads records out of large shards: cold through Ferry (after freeing
 * the path, so every range misses), straight from the under storage (one
 * ranged read each), and warm through Ferry. Ferry's passes keep each file
 * open and read with positioned reads, as readers of Parquet or WebDataset
 * shards do. The bytes the workers fetched from the under storage during the
 * cold pass, over the bytes it read, tell how much a miss fetches beyond what
 * it needs.
 */
public final class RandomBenchmark {
  private final FerryClient client;
  private final long heartbeatsMs;
  private final Map<String, String> ufsOptions;

  /**
   * @param heartbeatsMs how long freed blocks take to leave the workers and worker counters to reach the
   *     master's cluster report
   * @param ufsOptions options for reading the under storage directly, over the mount's own
   */
  public RandomBenchmark(FerryClient client, long heartbeatsMs, Map<String, String> ufsOptions) {
    this.client = client;
    this.heartbeatsMs = heartbeatsMs;
    this.ufsOptions = Map.copyOf(ufsOptions);
  }

  public RandomBenchResult run(String path, int reads, int size, long seed) throws IOException {
    client.free(path);
    settle();
    List<PathStatus> files = BenchFiles.under(client, path); // listed after the free: no stale locations
    List<Range> ranges = RandomRanges.of(files, reads, size, seed);
    Map<Long, UnderFileSystem> ufsByMount = DirectUfs.open(client, files, ufsOptions);
    try {
      long fetchedBefore = ufsBytesRead();
      OpStats cold = ferryPass("cold", ranges);
      settle();
      long fetched = ufsBytesRead() - fetchedBefore;
      OpStats ufs = timed("ufs", ranges, (r, buffer) -> {
        try (InputStream in = ufsByMount.get(r.file().mountId()).open(r.file().ufsUri(), r.offset(), r.size())) {
          readFully("ufs", r, buffer, (b, off, len) -> in.read(b, off, len));
        }
      });
      long shortCircuitBefore = client.readCounters().bytes(ReadSource.SHORT_CIRCUIT);
      OpStats warm = ferryPass("warm", ranges);
      long readBytes = (long) reads * size;
      double shortCircuitRatio = client.configuration().getBoolean(PropertyKey.METRICS_ENABLED)
          ? (client.readCounters().bytes(ReadSource.SHORT_CIRCUIT) - shortCircuitBefore) / (double) readBytes
          : Double.NaN;
      BenchConditions conditions = BenchConditions.observe(DataPlacement.of(client, files), shortCircuitRatio, null);
      return new RandomBenchResult(path, reads, size, seed, cold, ufs, warm, fetched / (double) readBytes,
          conditions);
    } finally {
      for (UnderFileSystem ufs : ufsByMount.values()) {
        ufs.close();
      }
    }
  }

  /** One pass through Ferry, each file opened at its first range and kept open. */
  private OpStats ferryPass(String name, List<Range> ranges) throws IOException {
    Map<String, FerryInputStream> open = new HashMap<>();
    try {
      return timed(name, ranges, (r, buffer) -> {
        FerryInputStream in = open.get(r.file().path());
        if (in == null) {
          in = client.openFile(r.file());
          open.put(r.file().path(), in);
        }
        long offset = r.offset();
        FerryInputStream stream = in;
        readFully(name, r, buffer, (b, off, len) -> stream.positionedRead(offset + off, b, off, len));
      });
    } finally {
      open.values().forEach(FerryInputStream::close);
    }
  }

  @FunctionalInterface
  private interface RangeRead {
    void read(Range range, byte[] buffer) throws IOException;
  }

  private static OpStats timed(String name, List<Range> ranges, RangeRead read) throws IOException {
    byte[] buffer = new byte[ranges.get(0).size()];
    long[] nanos = new long[ranges.size()];
    long start = System.nanoTime();
    for (int i = 0; i < ranges.size(); i++) {
      long t0 = System.nanoTime();
      read.read(ranges.get(i), buffer);
      nanos[i] = System.nanoTime() - t0;
    }
    return OpStats.of(name, System.nanoTime() - start, List.of(nanos));
  }

  @FunctionalInterface
  private interface Reads {
    /** Reads up to {@code len} bytes into {@code b} at {@code off}, which is also the offset within the range. */
    int read(byte[] b, int off, int len) throws IOException;
  }

  /** Fills the buffer with the range; fails if the file ends before it. */
  private static void readFully(String pass, Range range, byte[] buffer, Reads reads) throws IOException {
    for (int done = 0; done < range.size(); ) {
      int n = reads.read(buffer, done, range.size() - done);
      if (n < 0) {
        throw new FerryException(ErrorCode.DATA_LOST, "The " + pass + " pass read " + done + " of " + range.size()
            + " bytes at " + range.offset() + " of " + range.file().path() + ": the file ended");
      }
      done += n;
    }
  }

  /** The bytes every live worker has fetched from the under storage since it started. */
  private long ufsBytesRead() throws FerryException {
    return client.getClusterReport().liveWorkers().stream().map(WorkerStatus::counters)
        .mapToLong(WorkerStatus.Counters::ufsBytesRead).sum();
  }

  private void settle() throws FerryException {
    WorkerHeartbeats.await(heartbeatsMs);
  }
}
