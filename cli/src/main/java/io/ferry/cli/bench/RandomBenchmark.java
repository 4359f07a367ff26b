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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads random ranges of the files under a path three times, as a training
 * job reads records out of large shards: cold through Ferry (after freeing
 * the path, so every range misses), straight from the under storage (one
 * ranged read each), and warm through Ferry. The cold and the under storage
 * passes take turns, read by read, each on its own ranges: both see the
 * machine's load of the same moments and JVMs as warmed up (a pass run after
 * the other read with a process that had made 200 more requests, and the
 * under storage server had just read those very ranges), and neither reads
 * a range the other made the server read. Ferry's passes keep each file
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
    List<Range> ufsRanges = RandomRanges.of(files, reads, size, ~seed);
    Map<Long, UnderFileSystem> ufsByMount = DirectUfs.open(client, files, ufsOptions);
    try {
      long fetchedBefore = ufsBytesRead();
      TimedReads cold = new TimedReads(reads);
      TimedReads ufs = new TimedReads(reads);
      try (FerryReads ferry = new FerryReads(client, "cold")) {
        for (int i = 0; i < reads; i++) {
          cold.time(ranges.get(i), ferry::read);
          ufs.time(ufsRanges.get(i), (r, buffer) -> readUfs(ufsByMount, r, buffer));
        }
      }
      settle();
      long fetched = ufsBytesRead() - fetchedBefore;
      long shortCircuitBefore = client.readCounters().bytes(ReadSource.SHORT_CIRCUIT);
      TimedReads warm = new TimedReads(reads);
      try (FerryReads ferry = new FerryReads(client, "warm")) {
        for (Range r : ranges) {
          warm.time(r, ferry::read);
        }
      }
      long readBytes = (long) reads * size;
      double shortCircuitRatio = client.configuration().getBoolean(PropertyKey.METRICS_ENABLED)
          ? (client.readCounters().bytes(ReadSource.SHORT_CIRCUIT) - shortCircuitBefore) / (double) readBytes
          : Double.NaN;
      BenchConditions conditions = BenchConditions.observe(DataPlacement.of(client, files), shortCircuitRatio, null);
      return new RandomBenchResult(path, reads, size, seed, cold.stats("cold"), ufs.stats("ufs"),
          warm.stats("warm"), fetched / (double) readBytes, conditions);
    } finally {
      for (UnderFileSystem ufs : ufsByMount.values()) {
        ufs.close();
      }
    }
  }

  private static void readUfs(Map<Long, UnderFileSystem> ufsByMount, Range r, byte[] buffer) throws IOException {
    try (InputStream in = ufsByMount.get(r.file().mountId()).open(r.file().ufsUri(), r.offset(), r.size())) {
      readFully("ufs", r, buffer, (b, off, len) -> in.read(b, off, len));
    }
  }

  /** Reads through Ferry, each file opened at its first range and kept open, as shard readers do. */
  private static final class FerryReads implements AutoCloseable {
    private final FerryClient client;
    private final String pass;
    private final Map<String, FerryInputStream> open = new HashMap<>();

    FerryReads(FerryClient client, String pass) {
      this.client = client;
      this.pass = pass;
    }

    void read(Range r, byte[] buffer) throws IOException {
      FerryInputStream in = open.get(r.file().path());
      if (in == null) {
        in = client.openFile(r.file());
        open.put(r.file().path(), in);
      }
      FerryInputStream stream = in;
      readFully(pass, r, buffer, (b, off, len) -> stream.positionedRead(r.offset() + off, b, off, len));
    }

    @Override
    public void close() {
      open.values().forEach(FerryInputStream::close);
    }
  }

  /** The latency of each read of a pass; the pass's time is the sum of its reads' (passes may take turns). */
  private static final class TimedReads {
    private final long[] nanos;
    private int done;
    private byte[] buffer;

    TimedReads(int reads) {
      nanos = new long[reads];
    }

    void time(Range range, RangeRead read) throws IOException {
      if (buffer == null || buffer.length < range.size()) {
        buffer = new byte[range.size()];
      }
      long t0 = System.nanoTime();
      read.read(range, buffer);
      nanos[done++] = System.nanoTime() - t0;
    }

    OpStats stats(String name) {
      return OpStats.of(name, Arrays.stream(nanos, 0, done).sum(), List.of(Arrays.copyOf(nanos, done)));
    }
  }

  @FunctionalInterface
  private interface RangeRead {
    void read(Range range, byte[] buffer) throws IOException;
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
