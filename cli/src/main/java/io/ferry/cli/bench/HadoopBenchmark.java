package io.ferry.cli.bench;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * Reads every file under a Ferry path through Hadoop's FileSystem API twice
 * over: through {@code ferry://} and, for the same bytes, from the under
 * storage's copy through Hadoop's {@code LocalFileSystem}. A first pass of
 * each warms Ferry's cache and the page cache; then rounds of (local, ferry)
 * passes run side by side so both see the same machine load, and the round
 * with the median ferry/local ratio is reported. Both file systems open each
 * file from the status they listed once before the passes
 * ({@code openFile(path).withFileStatus(status)}), as a reader of a dataset's
 * index does: no metadata call per file on either side.
 */
public final class HadoopBenchmark {
  private final FerryClient client;
  private final Configuration hadoopConf;
  private final int rounds;
  private final byte[] buffer = new byte[ReadBenchmark.BUFFER_SIZE];

  public HadoopBenchmark(FerryClient client, Configuration hadoopConf, int rounds) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
    }
    this.client = client;
    this.hadoopConf = hadoopConf;
    this.rounds = rounds;
  }

  public HadoopBenchResult run(String path) throws IOException {
    List<PathStatus> files = BenchFiles.under(client, path);
    if (files.isEmpty()) {
      throw FerryException.invalidArgument("No files to read under " + path);
    }
    URI master = URI.create("ferry://" + client.configuration().getString(PropertyKey.MASTER_HOSTNAME) + ":"
        + client.configuration().getInt(PropertyKey.MASTER_RPC_PORT) + "/");
    try (FileSystem ferry = FileSystem.newInstance(master, hadoopConf);
        FileSystem local = FileSystem.newInstance(URI.create("file:///"), hadoopConf)) {
      List<FileStatus> ferryFiles = new ArrayList<>();
      List<FileStatus> localFiles = new ArrayList<>();
      for (PathStatus f : files) {
        ferryFiles.add(ferry.getFileStatus(new Path(f.path())));
        localFiles.add(local.getFileStatus(new Path(localCopy(f))));
      }
      pass("ferry", ferry, ferryFiles);
      pass("local", local, localFiles);
      Map<String, Long> placement = DataPlacement.of(client, files);
      List<PassStats[]> measured = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        measured.add(new PassStats[] {pass("local", local, localFiles), pass("ferry", ferry, ferryFiles)});
      }
      measured.sort(Comparator.comparingDouble(m -> m[1].mbPerSec() / m[0].mbPerSec()));
      PassStats[] median = measured.get(measured.size() / 2);
      // the ferry:// file system reads through a client of its own: how it read is not counted here
      BenchConditions conditions = BenchConditions.observe(placement, Double.NaN, BenchConditions.MEM_TIER);
      return new HadoopBenchResult(path, rounds, median[0], median[1], conditions);
    }
  }

  /** The file's copy in its under storage, which must be a local directory for LocalFileSystem to read it. */
  private static String localCopy(PathStatus f) throws FerryException {
    URI ufs = URI.create(f.ufsUri());
    if (ufs.getScheme() != null && !ufs.getScheme().equals("file")) {
      throw FerryException.invalidArgument("ferry bench hadoop compares with Hadoop's LocalFileSystem, so the files"
          + " must be in a mount of a local directory: " + f.path() + " is " + f.ufsUri());
    }
    return "file://" + ufs.getPath();
  }

  private PassStats pass(String name, FileSystem fs, List<FileStatus> files) throws IOException {
    long[] fileNanos = new long[files.size()];
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      FileStatus file = files.get(i);
      long t0 = System.nanoTime();
      long n = 0;
      try (InputStream in = FutureIO.awaitFuture(fs.openFile(file.getPath()).withFileStatus(file).build())) {
        for (int r; (r = in.read(buffer)) >= 0; ) {
          n += r;
        }
      }
      fileNanos[i] = System.nanoTime() - t0;
      if (n != file.getLen()) {
        throw new FerryException(ErrorCode.DATA_LOST, "The " + name + " pass read " + n + " bytes of "
            + file.getPath() + ", expected " + file.getLen());
      }
      bytes += n;
    }
    return new PassStats(name, files.size(), bytes, System.nanoTime() - start, fileNanos);
  }
}
