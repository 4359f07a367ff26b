package io.ferry.client;

import io.ferry.common.BlockIds;
import io.ferry.common.FerryPath;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.BlockInfo;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.DeleteResponse;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.GetClusterReportRequest;
import io.ferry.proto.GetMountTableRequest;
import io.ferry.proto.GetMountTableResponse;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.GetWorkersRequest;
import io.ferry.proto.GetWorkersResponse;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.ListStatusResponse;
import io.ferry.proto.MountInfo;
import io.ferry.proto.MountRequest;
import io.ferry.proto.SetAttributesRequest;
import io.ferry.proto.SetPinnedRequest;
import io.ferry.proto.WorkerAddress;
import io.ferry.proto.WorkerInfo;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory master: a flat map of paths, files in the fake UFS "mem://". */
public final class FakeMaster extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
  static final long MOUNT_ID = 1;
  public final Map<String, FileInfo> inodes = new ConcurrentSkipListMap<>();
  final List<WorkerInfo> workers = new CopyOnWriteArrayList<>();
  final AtomicLong nextId = new AtomicLong(100);
  final AtomicInteger getStatusCalls = new AtomicInteger();
  final List<CompleteFileRequest> completed = new CopyOnWriteArrayList<>();
  final List<String> deleted = new CopyOnWriteArrayList<>();
  public volatile long cacheHits;
  public volatile long cacheMisses;
  public final List<MountRequest> mounted = new CopyOnWriteArrayList<>();

  FakeMaster() {
    inodes.put("/", dir("/"));
  }

  public static String ufsUri(String path) {
    return "mem://" + path;
  }

  public FileInfo dir(String path) {
    return FileInfo.newBuilder().setId(nextId.incrementAndGet()).setPath(path).setName(FerryPath.name(path))
        .setIsDirectory(true).setMode(0755).setOwner("alice").setGroup("staff").setMtimeMs(1_700_000_000_000L)
        .setComplete(true).setPersisted(true).setMountId(MOUNT_ID).setUfsUri(ufsUri(path)).build();
  }

  /** Adds a complete, persisted file whose blocks are cached on the given workers. */
  FileInfo addFile(String path, long length, long blockSize, boolean persisted, WorkerAddress... holders) {
    long id = nextId.incrementAndGet();
    FileInfo.Builder f = FileInfo.newBuilder().setId(id).setPath(path).setName(FerryPath.name(path))
        .setLength(length).setBlockSize(blockSize).setMode(0644).setOwner("alice").setGroup("staff")
        .setMtimeMs(1_700_000_000_000L).setComplete(true).setPersisted(persisted).setMountId(MOUNT_ID)
        .setUfsUri(ufsUri(path)).setFingerprint(persisted ? "fp-" + length : "");
    for (int i = 0; i < BlockIds.count(length, blockSize); i++) {
      f.addBlocks(BlockInfo.newBuilder().setBlockId(BlockIds.of(id, i)).setOffset(i * blockSize)
          .setLength(Math.min(blockSize, length - i * blockSize)).addAllLocations(List.of(holders)));
    }
    f.setCachedBytes(holders.length == 0 ? 0 : length); // every block on the same holders
    inodes.put(path, f.build());
    return f.build();
  }

  void addWorker(WorkerAddress address) {
    workers.add(WorkerInfo.newBuilder().setAddress(address).build());
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
    getStatusCalls.incrementAndGet();
    FileInfo f = inodes.get(request.getPath());
    if (f == null) {
      GrpcErrors.fail(observer, FerryException.notFound(request.getPath()));
      return;
    }
    observer.onNext(request.getIncludeBlocks() ? f : f.toBuilder().clearBlocks().build());
    observer.onCompleted();
  }

  @Override
  public void listStatus(ListStatusRequest request, StreamObserver<ListStatusResponse> observer) {
    FileInfo f = inodes.get(request.getPath());
    if (f == null) {
      GrpcErrors.fail(observer, FerryException.notFound(request.getPath()));
      return;
    }
    List<FileInfo> children = new ArrayList<>();
    if (!f.getIsDirectory()) {
      children.add(f);
    }
    inodes.values().stream().filter(c -> request.getPath().equals(FerryPath.parent(c.getPath())))
        .filter(c -> c.getName().compareTo(request.getStartAfter()) > 0)
        .forEach(c -> children.add(c.toBuilder().clearBlocks().build()));
    for (int i = 0; i < children.size(); i += 2) { // pages of two entries
      observer.onNext(ListStatusResponse.newBuilder()
          .addAllEntries(children.subList(i, Math.min(children.size(), i + 2))).build());
    }
    observer.onCompleted();
  }

  @Override
  public void createDirectory(CreateDirectoryRequest request, StreamObserver<FileInfo> observer) {
    FileInfo d = request.getMode() != 0 ? dir(request.getPath()).toBuilder().setMode(request.getMode()).build()
        : dir(request.getPath());
    inodes.put(request.getPath(), d);
    observer.onNext(d);
    observer.onCompleted();
  }

  @Override
  public void setAttributes(SetAttributesRequest request, StreamObserver<FileInfo> observer) {
    FileInfo f = inodes.get(request.getPath());
    if (f == null) {
      GrpcErrors.fail(observer, FerryException.notFound(request.getPath()));
      return;
    }
    FileInfo.Builder changed = f.toBuilder();
    if (request.hasMode()) {
      changed.setMode(request.getMode());
    }
    if (request.hasMtimeMs()) {
      changed.setMtimeMs(request.getMtimeMs());
    }
    inodes.put(request.getPath(), changed.build());
    observer.onNext(changed.build());
    observer.onCompleted();
  }

  /** Pins or unpins the one inode at the path (the real master also does every file below a directory). */
  @Override
  public void setPinned(SetPinnedRequest request, StreamObserver<FileInfo> observer) {
    FileInfo f = inodes.computeIfPresent(request.getPath(), (path, old) -> old.toBuilder()
        .setPinned(request.getPinned()).build());
    if (f == null) {
      GrpcErrors.fail(observer, FerryException.notFound(request.getPath()));
      return;
    }
    observer.onNext(f);
    observer.onCompleted();
  }

  @Override
  public void createFile(CreateFileRequest request, StreamObserver<FileInfo> observer) {
    if (inodes.containsKey(request.getPath()) && !request.getOverwrite()) {
      GrpcErrors.fail(observer, FerryException.alreadyExists(request.getPath()));
      return;
    }
    FileInfo f = FileInfo.newBuilder().setId(nextId.incrementAndGet()).setPath(request.getPath())
        .setName(FerryPath.name(request.getPath())).setBlockSize(request.getBlockSize())
        .setMountId(MOUNT_ID).setUfsUri(ufsUri(request.getPath())).setOwner(request.getOwner()).build();
    inodes.put(request.getPath(), f);
    observer.onNext(f);
    observer.onCompleted();
  }

  @Override
  public void completeFile(CompleteFileRequest request, StreamObserver<FileInfo> observer) {
    completed.add(request);
    FileInfo f = inodes.get(request.getPath()).toBuilder().setLength(request.getLength())
        .setFingerprint(request.getFingerprint()).setComplete(true).setPersisted(true).build();
    inodes.put(request.getPath(), f);
    observer.onNext(f);
    observer.onCompleted();
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> observer) {
    deleted.add(request.getPath());
    inodes.remove(request.getPath());
    observer.onNext(DeleteResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void mount(MountRequest request, StreamObserver<MountInfo> observer) {
    mounted.add(request);
    observer.onNext(MountInfo.newBuilder().setMountId(7).setFerryPath(request.getFerryPath())
        .setUfsUri(request.getUfsUri()).setReadOnly(request.getReadOnly()).build());
    observer.onCompleted();
  }

  @Override
  public void getMountTable(GetMountTableRequest request, StreamObserver<GetMountTableResponse> observer) {
    observer.onNext(GetMountTableResponse.newBuilder().addMounts(MountInfo.newBuilder().setMountId(MOUNT_ID)
        .setFerryPath("/").setUfsUri("mem:///").putOptions("aws.secret.key", "******")).build());
    observer.onCompleted();
  }

  @Override
  public void getWorkers(GetWorkersRequest request, StreamObserver<GetWorkersResponse> observer) {
    observer.onNext(GetWorkersResponse.newBuilder().addAllWorkers(workers).build());
    observer.onCompleted();
  }

  @Override
  public void getClusterReport(GetClusterReportRequest request, StreamObserver<ClusterReport> observer) {
    observer.onNext(ClusterReport.newBuilder().setMasterAddress("127.0.0.1:19998").addAllLiveWorkers(workers)
        .setCacheHits(cacheHits).setCacheMisses(cacheMisses).setInodeCount(inodes.size()).build());
    observer.onCompleted();
  }
}
