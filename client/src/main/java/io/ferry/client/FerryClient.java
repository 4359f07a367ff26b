package io.ferry.client;

import io.ferry.common.FerryPath;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.CancelLoadJobRequest;
import io.ferry.proto.CreateLoadJobRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.CreateFilesRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FreeRequest;
import io.ferry.proto.FreeResponse;
import io.ferry.proto.PersistRequest;
import io.ferry.proto.PersistResponse;
import io.ferry.proto.SetPinnedRequest;
import io.ferry.proto.SetTtlRequest;
import io.ferry.proto.TtlAction;
import io.ferry.proto.GetClusterReportRequest;
import io.ferry.proto.GetLoadJobRequest;
import io.ferry.proto.GetMountTableRequest;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListLoadJobsRequest;
import io.ferry.proto.MountRequest;
import io.ferry.proto.PingRequest;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.SetReplicationRequest;
import io.ferry.proto.UnmountRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Ferry client: metadata from the master, bytes from the workers. One
 * instance per process is enough (it is thread-safe and holds the
 * connections); close it when done.
 */
public final class FerryClient implements AutoCloseable {
  private final ClientContext ctx;

  private FerryClient(ClientContext ctx) {
    this.ctx = ctx;
  }

  /** A client of the master at {@code ferry.master.hostname}:{@code ferry.master.rpc.port}. */
  public static FerryClient create(FerryConfiguration conf) {
    return new FerryClient(new ClientContext(conf, new LocalAddresses()));
  }

  public FerryConfiguration configuration() {
    return ctx.conf;
  }

  public PathStatus getStatus(String path) throws FerryException {
    return getStatus(path, StatusOptions.DEFAULT);
  }

  /** The status, with the blocks and their cached locations when {@code includeBlocks}. */
  public PathStatus getStatus(String path, boolean includeBlocks) throws FerryException {
    return getStatus(path, StatusOptions.DEFAULT.withBlocks(includeBlocks));
  }

  public PathStatus getStatus(String path, StatusOptions options) throws FerryException {
    GetStatusRequest request = GetStatusRequest.newBuilder()
        .setPath(FerryPath.normalize(path))
        .setSync(options.sync())
        .setIncludeBlocks(options.includeBlocks())
        .build();
    return ProtoConversions.pathStatus(ctx.master.call(s -> s.getStatus(request)));
  }

  /** The children of a directory (or the file itself), all at once. */
  public List<PathStatus> listStatus(String path, boolean sync) throws FerryException {
    List<PathStatus> out = new ArrayList<>();
    try (ListingIterator it = listStatusIterator(path, sync)) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  public List<PathStatus> listStatus(String path) throws FerryException {
    return listStatus(path, false);
  }

  /** The children of a directory, fetched page by page as they are consumed; for huge directories. */
  public ListingIterator listStatusIterator(String path, boolean sync) throws FerryException {
    return new ListingIterator(ctx.master, FerryPath.normalize(path), sync);
  }

  /** Creates a directory; with {@code recursive} also its parents, and an existing directory is fine (mkdir -p). */
  public PathStatus createDirectory(String path, boolean recursive) throws FerryException {
    return createDirectory(path, recursive, 0);
  }

  /** As {@link #createDirectory(String, boolean)}, with permission bits {@code mode} (0 = the master's 0755). */
  public PathStatus createDirectory(String path, boolean recursive, int mode) throws FerryException {
    CreateDirectoryRequest request = CreateDirectoryRequest.newBuilder()
        .setPath(FerryPath.normalize(path))
        .setRecursive(recursive)
        .setAllowExists(recursive)
        .setMode(mode)
        .setOwner(currentUser())
        .setRequestId(ctx.master.newRequestId())
        .build();
    return ProtoConversions.pathStatus(ctx.master.mutate(s -> s.createDirectory(request)));
  }

  /** chmod / utimens / chown of a file or directory: changes what {@code changes} sets; the new status. */
  public PathStatus setAttributes(String path, AttributeChanges changes) throws FerryException {
    var request = changes.toRequest(FerryPath.normalize(path));
    return ProtoConversions.pathStatus(ctx.master.call(s -> s.setAttributes(request)));
  }

  /**
   * Sets how many workers cache each block of a file, or of every file below
   * a directory; the master's replication checker copies or trims the blocks.
   */
  public PathStatus setReplication(String path, int replication) throws FerryException {
    SetReplicationRequest request =
        SetReplicationRequest.newBuilder().setPath(FerryPath.normalize(path)).setReplication(replication).build();
    return ProtoConversions.pathStatus(ctx.master.call(s -> s.setReplication(request)));
  }

  /**
   * Drops the cached copies of a file, or of every file below a directory,
   * whose bytes are in the under storage; files not persisted yet and pinned
   * files keep theirs.
   */
  public FreeResult free(String path) throws FerryException {
    FreeRequest request = FreeRequest.newBuilder().setPath(FerryPath.normalize(path)).build();
    FreeResponse r = ctx.master.call(s -> s.free(request));
    return new FreeResult(r.getFreedFiles(), r.getFreedBytes(), r.getNotPersistedFiles(), r.getFirstNotPersisted(),
        r.getPinnedFiles(), r.getFirstPinned());
  }

  /**
   * Has every complete file at or below {@code path} that is not in the under storage yet persisted in the
   * background (MUST_CACHE ones too), and says how many still wait: ask again until {@link PersistProgress#done}.
   */
  public PersistProgress persist(String path) throws FerryException {
    PersistRequest request = PersistRequest.newBuilder().setPath(FerryPath.normalize(path)).build();
    PersistResponse r = ctx.master.call(s -> s.persist(request));
    return new PersistProgress(r.getWaitingFiles(), r.getFirstWaiting(), r.getIncompleteFiles());
  }

  /**
   * Sets the time to live of a file or directory, counted from now: when it
   * ends the master frees or deletes it (a directory with all below it).
   */
  public PathStatus setTtl(String path, Duration ttl, TimeToLive.Action action) throws FerryException {
    SetTtlRequest request = SetTtlRequest.newBuilder().setPath(FerryPath.normalize(path)).setTtlMs(ttl.toMillis())
        .setAction(action == TimeToLive.Action.DELETE ? TtlAction.TTL_DELETE : TtlAction.TTL_FREE).build();
    return ProtoConversions.pathStatus(ctx.master.call(s -> s.setTtl(request)));
  }

  /**
   * Pins a file, or every file below a directory (also those loaded or
   * created below it later): the workers never evict their blocks. Refused
   * (NO_SPACE) when they would not fit in the live workers' caches.
   */
  public PathStatus pin(String path) throws FerryException {
    return setPinned(path, true);
  }

  /** Unpins a file, or every file below a directory: their blocks are evictable again. */
  public PathStatus unpin(String path) throws FerryException {
    return setPinned(path, false);
  }

  private PathStatus setPinned(String path, boolean pinned) throws FerryException {
    SetPinnedRequest request = SetPinnedRequest.newBuilder().setPath(FerryPath.normalize(path)).setPinned(pinned)
        .build();
    return ProtoConversions.pathStatus(ctx.master.call(s -> s.setPinned(request)));
  }

  /** Removes the time to live of a file or directory. */
  public PathStatus unsetTtl(String path) throws FerryException {
    SetTtlRequest request = SetTtlRequest.newBuilder().setPath(FerryPath.normalize(path)).build();
    return ProtoConversions.pathStatus(ctx.master.call(s -> s.setTtl(request)));
  }

  public void delete(String path, boolean recursive) throws FerryException {
    DeleteRequest request = DeleteRequest.newBuilder()
        .setPath(FerryPath.normalize(path))
        .setRecursive(recursive)
        .setRequestId(ctx.master.newRequestId())
        .build();
    ctx.master.mutate(s -> s.delete(request));
  }

  public void rename(String src, String dst) throws FerryException {
    RenameRequest request = RenameRequest.newBuilder()
        .setSrc(FerryPath.normalize(src))
        .setDst(FerryPath.normalize(dst))
        .setRequestId(ctx.master.newRequestId())
        .build();
    ctx.master.mutate(s -> s.rename(request));
  }

  /** Mounts an under storage; the answer shows the options masked. */
  public MountEntry mount(String ferryPath, String ufsUri, Map<String, String> options, boolean readOnly)
      throws FerryException {
    MountRequest request = MountRequest.newBuilder()
        .setFerryPath(FerryPath.normalize(ferryPath))
        .setUfsUri(ufsUri)
        .putAllOptions(options)
        .setReadOnly(readOnly)
        .build();
    return ProtoConversions.mount(ctx.master.call(s -> s.mount(request)));
  }

  public void unmount(String ferryPath) throws FerryException {
    UnmountRequest request = UnmountRequest.newBuilder().setFerryPath(FerryPath.normalize(ferryPath)).build();
    ctx.master.call(s -> s.unmount(request));
  }

  public List<MountEntry> getMountTable() throws FerryException {
    return ctx.master.call(s -> s.getMountTable(GetMountTableRequest.getDefaultInstance())).getMountsList().stream()
        .map(ProtoConversions::mount).toList();
  }

  /** The live workers, asked of the master now (not the cached list reads and writes use). */
  public List<WorkerStatus> getWorkers() throws FerryException {
    return LiveWorkers.fetch(ctx.master);
  }

  /** Bytes this client's streams read, by source. */
  public ReadCounters readCounters() {
    return ctx.readCounters;
  }

  /** An empty call to the master: the round trip every metadata call pays at least. */
  public void ping() throws FerryException {
    ctx.master.call(s -> s.ping(PingRequest.getDefaultInstance()));
  }

  public ClusterStatus getClusterReport() throws FerryException {
    return ProtoConversions.cluster(
        ctx.master.call(s -> s.getClusterReport(GetClusterReportRequest.getDefaultInstance())));
  }

  /**
   * Starts a load job on the master that caches everything under {@code path}
   * on {@code replicas} workers, each fetching at most {@code parallelism}
   * blocks at once (0: the workers' load slots). Returns at once; the job runs
   * on the master and survives its restarts.
   */
  public LoadJobStatus createLoadJob(String path, int replicas, int parallelism) throws FerryException {
    CreateLoadJobRequest request = CreateLoadJobRequest.newBuilder()
        .setPath(FerryPath.normalize(path))
        .setReplicas(replicas)
        .setParallelism(parallelism)
        .build();
    return ProtoConversions.loadJob(ctx.master.call(s -> s.createLoadJob(request)));
  }

  /** A load job's state and progress. */
  public LoadJobStatus getLoadJob(long jobId) throws FerryException {
    GetLoadJobRequest request = GetLoadJobRequest.newBuilder().setJobId(jobId).build();
    return ProtoConversions.loadJob(ctx.master.call(s -> s.getLoadJob(request)));
  }

  /** Every load job the master knows, oldest first. */
  public List<LoadJobStatus> listLoadJobs() throws FerryException {
    return ctx.master.call(s -> s.listLoadJobs(ListLoadJobsRequest.getDefaultInstance())).getJobsList().stream()
        .map(ProtoConversions::loadJob).toList();
  }

  /** Cancels a running load job (an ended one is left as it is); its state after. */
  public LoadJobStatus cancelLoadJob(long jobId) throws FerryException {
    CancelLoadJobRequest request = CancelLoadJobRequest.newBuilder().setJobId(jobId).build();
    return ProtoConversions.loadJob(ctx.master.call(s -> s.cancelLoadJob(request)));
  }

  /** Opens a file for reading: one GetStatus with block locations; bytes come from workers. */
  public FerryInputStream openFile(String path) throws FerryException {
    return new FerryInputStream(ctx, readableStatus(path), this::syncedStatus, this::readableStatus);
  }

  /**
   * Opens a file whose status the caller already has (from a listing or a
   * cache): no RPC. Blocks are read from the live workers in placement order
   * (short-circuit when one is local), as for a status without locations.
   */
  public FerryInputStream openFile(PathStatus file) throws FerryException {
    return new FerryInputStream(ctx, file, this::syncedStatus, this::readableStatus);
  }

  /** The status of a file with its blocks, which the master answers once it checked read permission. */
  private PathStatus readableStatus(String path) throws FerryException {
    return getStatus(path, StatusOptions.DEFAULT.withBlocks(true));
  }

  /** The status of a file synced with its under storage now, with its blocks: for a stream whose file changed. */
  private PathStatus syncedStatus(String path) throws FerryException {
    return getStatus(path, StatusOptions.DEFAULT.withSync(true).withBlocks(true));
  }

  /** Creates a file and opens it for writing; it appears complete when the stream is closed. */
  public FerryOutputStream createFile(String path, CreateOptions options) throws IOException {
    String normalized = FerryPath.normalize(path);
    List<WorkerStatus> live = ctx.liveWorkers.get();
    if (live.isEmpty()) {
      throw new FerryException(ErrorCode.UNAVAILABLE,
          "Cannot write " + normalized + ": the " + ctx.master.target() + " knows no live workers");
    }
    CreateFileRequest.Builder request = CreateFileRequest.newBuilder()
        .setPath(normalized)
        .setBlockSize(options.blockSize() > 0 ? options.blockSize() : ctx.conf.getBytes(PropertyKey.USER_BLOCK_SIZE))
        .setMode(options.mode())
        .setOverwrite(options.overwrite())
        .setRecursive(options.recursive())
        .setOwner(currentUser())
        .setRequestId(ctx.master.newRequestId());
    if (options.writeType() != null) {
      request.setWriteType(ProtoConversions.writeType(options.writeType()));
    }
    FileInfo created = ctx.master.mutate(s -> s.createFile(request.build()));
    PathStatus file = ProtoConversions.pathStatus(created);
    WriteType writeType = options.writeType() != null ? options.writeType()
        : ProtoConversions.writeType(created.getWriteType()).orElse(defaultWriteType());
    // write-back: acknowledged once on the durable workers, which the client writes to at once
    int copies = writeType == WriteType.ASYNC_THROUGH ? ctx.conf.getInt(PropertyKey.USER_FILE_REPLICATION_DURABLE) : 1;
    List<WorkerEndpoint> workers = WorkerPreference.forWrite(file.id(), live, ctx.localAddresses::isLocal, copies);
    return new FerryOutputStream(ctx, file, workers, writeType, options.overwrite());
  }

  /**
   * Opens a complete file for appending: what is written goes after its
   * bytes, and closing the stream replaces the file by the longer version
   * (see {@link NewVersions}: the file's bytes are copied first, so an append
   * costs a copy of the file). Readers see the file as it was until then.
   * One appender per file at a time: FILE_BUSY while another writes it.
   */
  public FerryOutputStream appendFile(String path) throws IOException {
    PathStatus file = readableStatus(path);
    return openNewVersion(file, file.length());
  }

  /**
   * Opens a new version of the complete file {@code file} that starts with
   * its first {@code keep} bytes (FUSE: a write at the end of a file, a
   * truncate of an open file); closing the stream puts it in the file's place.
   */
  public FerryOutputStream openNewVersion(PathStatus file, long keep) throws IOException {
    return new NewVersions(this).open(file, keep);
  }

  /** Truncates a complete file to {@code length} bytes: shrinks it, or grows it with zeros. */
  public void truncate(String path, long length) throws IOException {
    if (length < 0) {
      throw FerryException.invalidArgument("Cannot truncate " + path + " to a negative length " + length);
    }
    PathStatus file = readableStatus(path);
    if (length == file.length()) {
      return;
    }
    long keep = Math.min(length, file.length());
    try (FerryOutputStream out = openNewVersion(file, keep)) {
      Zeros.write(out, length - keep);
    }
  }

  /** ferry.user.write.type: the write type of a file whose writer and mount name none. */
  private WriteType defaultWriteType() throws FerryException {
    return WriteTypes.parse(ctx.conf.getString(PropertyKey.USER_WRITE_TYPE));
  }

  /**
   * Creates complete empty files {@code names} in the existing directory
   * {@code dir}, in one master call and one journal batch (the metadata
   * bench's loader); no worker is involved. Returns how many were created.
   */
  public int createEmptyFiles(String dir, List<String> names) throws FerryException {
    CreateFilesRequest request = CreateFilesRequest.newBuilder()
        .setDirectory(FerryPath.normalize(dir))
        .addAllNames(names)
        .setOwner(currentUser())
        .setRequestId(ctx.master.newRequestId())
        .build();
    return ctx.master.mutate(s -> s.createFiles(request)).getCreated();
  }

  /** The owner of what this client creates; the master fills in the group. */
  private static String currentUser() {
    return System.getProperty("user.name", "");
  }

  @Override
  public void close() {
    ctx.close();
  }
}
