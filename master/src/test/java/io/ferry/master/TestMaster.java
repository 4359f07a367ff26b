package io.ferry.master;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An in-process master on a free port over a metastore and a local root UFS in a temp directory. */
public final class TestMaster implements AutoCloseable {
  public final Path ufsRoot;
  public final Path metastoreDir;
  private final String syncInterval;
  private final FerryMaster master;

  private TestMaster(Path dir, String syncInterval) throws IOException {
    this.ufsRoot = dir.resolve("ufs");
    this.metastoreDir = dir.resolve("metastore");
    this.syncInterval = syncInterval;
    this.master = new FerryMaster(settings(dir)
        .set(PropertyKey.MASTER_UFS_SYNC_INTERVAL, syncInterval)
        .set(PropertyKey.MASTER_LISTING_PAGE_SIZE, 7)
        .build());
    master.start();
  }

  /** An in-process master's settings: free ports on loopback, its metastore and root UFS in {@code dir}. */
  public static FerryConfiguration.Builder settings(Path dir) {
    return FerryConfiguration.builder()
        .set(PropertyKey.MASTER_RPC_PORT, 0)
        .set(PropertyKey.MASTER_WEB_PORT, 0)
        .set(PropertyKey.MASTER_BIND_HOST, "127.0.0.1")
        .set(PropertyKey.MASTER_METASTORE_DIR, dir.resolve("metastore"))
        .set(PropertyKey.MASTER_ROOT_UFS, dir.resolve("ufs"))
        .set(PropertyKey.MASTER_CACHE_ONLY_REPORT_WAIT, "0s"); // no worker reports the blocks of unit tests
  }

  /** A master that re-checks the UFS on every access (sync interval 0). */
  public static TestMaster start(Path dir) throws IOException {
    return start(dir, "0");
  }

  public static TestMaster start(Path dir, String syncInterval) throws IOException {
    return new TestMaster(dir, syncInterval);
  }

  /** Closes this master and starts a new one on the same metastore and UFS. */
  public TestMaster restart() throws IOException {
    close();
    return new TestMaster(ufsRoot.getParent(), syncInterval);
  }

  public FileSystemMaster fs() {
    return master.fileSystem();
  }

  public FerryMaster master() {
    return master;
  }

  public FileInfo stat(String path) throws IOException {
    return fs().getStatus(GetStatusRequest.newBuilder().setPath(path).build());
  }

  public List<String> names(String path) throws IOException {
    List<String> names = new ArrayList<>();
    fs().listStatus(ListStatusRequest.newBuilder().setPath(path).build(),
        page -> page.forEach(f -> names.add(f.getName())));
    return names;
  }

  /** Writes a file the way a client and worker do: create, write the UFS bytes, complete. */
  public FileInfo writeFile(String path, String content) throws IOException {
    FileInfo created = fs().createFile(CreateFileRequest.newBuilder().setPath(path).setRecursive(true).build());
    Path file = Path.of(created.getUfsUri());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    String fingerprint = ufsFingerprint(file);
    return fs().completeFile(CompleteFileRequest.newBuilder().setFileId(created.getId()).setPath(path)
        .setLength(content.length()).setFingerprint(fingerprint).build());
  }

  public static String ufsFingerprint(Path file) throws IOException {
    try (var ufs = io.ferry.ufs.UnderFileSystems.create(file.getParent().toString(), java.util.Map.of())) {
      return ufs.getStatus(file.toString()).orElseThrow().fingerprint();
    }
  }

  @Override
  public void close() {
    master.close();
  }
}
