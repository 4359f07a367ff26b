package io.ferry.client;

import io.ferry.proto.BlockInfo;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.FileInfo;
import io.ferry.proto.LoadFailure;
import io.ferry.proto.LoadJobInfo;
import io.ferry.proto.MasterInfo;
import io.ferry.proto.MountInfo;
import io.ferry.proto.TierUsage;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import io.ferry.proto.WorkerMetrics;
import java.util.Optional;

/**
 * The one place where the wire's generated messages become the client's own
 * types (and back, for the write type), so a change of the protocol stops here.
 */
final class ProtoConversions {
  private ProtoConversions() {}

  static PathStatus pathStatus(FileInfo f) {
    return new PathStatus(f.getId(), f.getPath(), f.getName(), f.getIsDirectory(), f.getLength(), f.getBlockSize(),
        f.getMtimeMs(), f.getOwner(), f.getGroup(), f.getMode(), f.getUfsUri(), f.getMountId(), f.getFingerprint(),
        f.getComplete(), f.getPersisted(), f.getReplication(), f.getMountPoint(), f.getCachedBytes(),
        ttl(f), f.getPinned(), f.getBlocksList().stream().map(ProtoConversions::block).toList(), f.getCapability());
  }

  private static Optional<TimeToLive> ttl(FileInfo f) {
    return switch (f.getTtlAction()) {
      case TTL_FREE -> Optional.of(new TimeToLive(f.getTtlExpiryMs(), TimeToLive.Action.FREE));
      case TTL_DELETE -> Optional.of(new TimeToLive(f.getTtlExpiryMs(), TimeToLive.Action.DELETE));
      default -> Optional.empty();
    };
  }

  static FileBlock block(BlockInfo b) {
    return new FileBlock(b.getBlockId(), b.getOffset(), b.getLength(), b.getCachedBytes(),
        b.getLocationsList().stream().map(ProtoConversions::endpoint).toList());
  }

  static WorkerEndpoint endpoint(WorkerAddress a) {
    return new WorkerEndpoint(a.getWorkerId(), a.getHost(), a.getRpcPort(), a.getDataPort(), a.getTierDirsList());
  }

  static MountEntry mount(MountInfo m) {
    return new MountEntry(m.getMountId(), m.getFerryPath(), m.getUfsUri(), m.getOptionsMap(), m.getReadOnly());
  }

  static WorkerStatus worker(WorkerInfo w) {
    WorkerMetrics m = w.getMetrics();
    return new WorkerStatus(endpoint(w.getAddress()), w.getTiersList().stream().map(ProtoConversions::tier).toList(),
        w.getBlockCount(), w.getLastHeartbeatMs(), new WorkerStatus.Counters(m.getCacheHits(), m.getCacheMisses(),
            m.getUfsBytesRead(), m.getBytesServed(), m.getCorruptBlocks(), m.getReplicatedBlocks()));
  }

  private static WorkerStatus.Tier tier(TierUsage t) {
    return new WorkerStatus.Tier(t.getAlias(), t.getCapacityBytes(), t.getUsedBytes());
  }

  static ClusterStatus cluster(ClusterReport r) {
    return new ClusterStatus(r.getMasterAddress(), r.getStartTimeMs(),
        r.getLiveWorkersList().stream().map(ProtoConversions::worker).toList(), r.getLostWorkers(),
        r.getCapacityBytes(), r.getUsedBytes(), r.getCachedBlocks(), r.getCacheHits(), r.getCacheMisses(),
        r.getInodeCount(), r.getMastersList().stream().map(ProtoConversions::master).toList());
  }

  private static ClusterStatus.Master master(MasterInfo m) {
    return new ClusterStatus.Master(m.getAddress(), m.getRole(), m.getLogIndex());
  }

  static LoadJobStatus loadJob(LoadJobInfo j) {
    return new LoadJobStatus(j.getJobId(), j.getPath(), j.getReplicas(), j.getParallelism(), state(j),
        j.getCreatedMs(), j.getEndedMs(), j.getListingComplete(), j.getFilesTotal(), j.getFilesDone(),
        j.getFilesFailed(), j.getBytesTotal(), j.getBytesDone(), j.getBytesFetched(),
        j.getFailuresList().stream().map(ProtoConversions::failedFile).toList(), j.getError());
  }

  private static LoadJobStatus.State state(LoadJobInfo j) {
    return switch (j.getState()) {
      case LOAD_RUNNING -> LoadJobStatus.State.RUNNING;
      case LOAD_COMPLETED -> LoadJobStatus.State.COMPLETED;
      case LOAD_FAILED -> LoadJobStatus.State.FAILED;
      case LOAD_CANCELLED -> LoadJobStatus.State.CANCELLED;
      default -> LoadJobStatus.State.UNKNOWN;
    };
  }

  private static LoadJobStatus.FailedFile failedFile(LoadFailure f) {
    return new LoadJobStatus.FailedFile(f.getPath(), f.getErrorCode(), f.getMessage());
  }

  static io.ferry.proto.WriteType writeType(WriteType t) {
    return switch (t) {
      case CACHE_THROUGH -> io.ferry.proto.WriteType.CACHE_THROUGH;
      case THROUGH -> io.ferry.proto.WriteType.THROUGH;
      case MUST_CACHE -> io.ferry.proto.WriteType.MUST_CACHE;
      case ASYNC_THROUGH -> io.ferry.proto.WriteType.ASYNC_THROUGH;
    };
  }

  /** The write type the master resolved for a new file; empty when it leaves it to the client. */
  static Optional<WriteType> writeType(io.ferry.proto.WriteType t) {
    return switch (t) {
      case CACHE_THROUGH -> Optional.of(WriteType.CACHE_THROUGH);
      case THROUGH -> Optional.of(WriteType.THROUGH);
      case MUST_CACHE -> Optional.of(WriteType.MUST_CACHE);
      case ASYNC_THROUGH -> Optional.of(WriteType.ASYNC_THROUGH);
      case WRITE_TYPE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
    };
  }
}
