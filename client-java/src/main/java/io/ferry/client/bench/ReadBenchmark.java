package io.ferry.client.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.ListingIterator;
import io.ferry.common.Secrets;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.FileInfo;
import io.ferry.proto.MountInfo;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every file under a path three times, in this order so that the UFS
 * files are in the page cache like Ferry's are: cold through Ferry, straight
 * from the UFS, warm through Ferry. Each read is checked against the file length.
 */
public final class ReadBenchmark {
  static final int BUFFER_SIZE = 4 << 20;

  private final FerryClient client;
  private final long metricsDelayMs;
  private final Map<String, String> ufsOptions;
  private final int rounds;
  private final byte[] buffer = new byte[BUFFER_SIZE];

  /**
   * @param metricsDelayMs how long worker counters take to reach the master's cluster report
   * @param ufsOptions options for reading the under storage directly, over the mount's own: the
   *     credentials the master keeps to itself
   */
  public ReadBenchmark(FerryClient client, long metricsDelayMs, Map<String, String> ufsOptions, int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
    }
    this.rounds = rounds;
    this.ufsOptions = Map.copyOf(ufsOptions);
    this.client = client;
    this.metricsDelayMs = metricsDelayMs;
  }

  public ReadBenchResult run(String path) throws IOException {
    List<FileInfo> files = filesUnder(client, path);
    if (files.isEmpty()) {
      throw FerryException.invalidArgument("No files to read under " + path);
    }
    Map<Long, UnderFileSystem> ufsByMount = openUfses(files);
    try {
      // Every pass opens the files from the one listing, as a data loader does from its index:
      // Ferry with the listed FileInfo, the UFS with the listed URI; neither stats per file.
      PassStats cold = pass("cold", files, f -> client.openFile(f));
      ClusterReport before = reportAfterMetricsSettle();
      // Rounds of (UFS, warm) passes, side by side so both see the same machine load; the
      // first rounds also let the JIT compile the client's RPC path, as a long-lived reader's would be.
      List<PassStats[]> measured = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        measured.add(new PassStats[] {
            pass("ufs", files, f -> ufsByMount.get(f.getMountId()).open(f.getUfsUri(), 0, -1)),
            pass("warm", files, f -> client.openFile(f))});
      }
      ClusterReport after = reportAfterMetricsSettle();
      measured.sort(java.util.Comparator.comparingDouble(r -> r[1].mbPerSec() / r[0].mbPerSec()));
      PassStats[] median = measured.get(measured.size() / 2);
      PassStats ufs = median[0];
      PassStats warm = median[1];
      long hits = after.getCacheHits() - before.getCacheHits();
      long misses = after.getCacheMisses() - before.getCacheMisses();
      double hitRatio = hits + misses == 0 ? Double.NaN : (double) hits / (hits + misses);
      boolean shortCircuit = client.configuration().getBoolean(PropertyKey.USER_SHORT_CIRCUIT_ENABLED);
      return new ReadBenchResult(path, shortCircuit, rounds, cold, ufs, warm, hitRatio);
    } finally {
      for (UnderFileSystem ufs : ufsByMount.values()) {
        ufs.close();
      }
    }
  }

  /** All complete files below path (or path itself if it is a file). */
  static List<FileInfo> filesUnder(FerryClient client, String path) throws FerryException {
    List<FileInfo> files = new ArrayList<>();
    Deque<String> dirs = new ArrayDeque<>();
    dirs.add(path);
    while (!dirs.isEmpty()) {
      String dir = dirs.poll();
      try (ListingIterator it = client.listStatusIterator(dir, false)) {
        while (it.hasNext()) {
          FileInfo f = it.next();
          if (f.getIsDirectory()) {
            if (!f.getPath().equals(dir)) {
              dirs.add(f.getPath());
            }
          } else if (f.getComplete()) {
            files.add(f);
          }
        }
      }
    }
    return files;
  }

  /**
   * One under storage per mount the files are in. The master gives clients no
   * credentials: they come from {@code --ufs-option}.
   */
  private Map<Long, UnderFileSystem> openUfses(List<FileInfo> files) throws IOException {
    Map<Long, MountInfo> mounts = new HashMap<>();
    for (MountInfo m : client.getMountTable()) {
      mounts.put(m.getMountId(), m);
    }
    Map<Long, UnderFileSystem> out = new HashMap<>();
    try {
      for (FileInfo f : files) {
        if (out.containsKey(f.getMountId())) {
          continue;
        }
        MountInfo mount = mounts.get(f.getMountId());
        if (mount == null) {
          throw new FerryException(ErrorCode.NOT_FOUND,
              "The mount (id " + f.getMountId() + ") of " + f.getPath() + " is not in the mount table");
        }
        out.put(f.getMountId(), openDirectly(mount));
      }
    } catch (IOException e) {
      for (UnderFileSystem ufs : out.values()) {
        ufs.close();
      }
      throw e;
    }
    return out;
  }

  private UnderFileSystem openDirectly(MountInfo mount) throws IOException {
    String why = "the UFS pass reads the under storage directly";
    Map<String, String> options = new HashMap<>(mount.getOptionsMap());
    options.putAll(ufsOptions);
    for (Map.Entry<String, String> o : options.entrySet()) {
      if (o.getValue().equals(Secrets.MASK)) {
        throw FerryException.invalidArgument("Mount " + mount.getFerryPath() + " (" + mount.getUfsUri()
            + ") has credentials the master does not give clients: " + why + ", so give them with --ufs-option "
            + o.getKey() + "=…");
      }
    }
    try {
      return UnderFileSystems.create(mount.getUfsUri(), options);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "Cannot open mount " + mount.getFerryPath() + " ("
          + mount.getUfsUri() + ") directly: " + e.getMessage() + "; " + why, e);
    }
  }

  private PassStats pass(String name, List<FileInfo> files, Opener opener) throws IOException {
    long[] fileNanos = new long[files.size()];
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      FileInfo f = files.get(i);
      long t0 = System.nanoTime();
      long n = 0;
      try (InputStream in = opener.open(f)) {
        for (int r; (r = in.read(buffer)) >= 0; ) {
          n += r;
        }
      }
      fileNanos[i] = System.nanoTime() - t0;
      if (n != f.getLength()) {
        throw new FerryException(ErrorCode.DATA_LOST, "The " + name + " pass read " + n + " bytes of "
            + f.getPath() + ", expected " + f.getLength());
      }
      bytes += n;
    }
    return new PassStats(name, files.size(), bytes, System.nanoTime() - start, fileNanos);
  }

  private ClusterReport reportAfterMetricsSettle() throws FerryException {
    try {
      Thread.sleep(metricsDelayMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while waiting for worker metrics");
    }
    return client.getClusterReport();
  }

  @FunctionalInterface
  private interface Opener {
    InputStream open(FileInfo file) throws IOException;
  }
}
