package io.ferry.master.rpc;

import io.ferry.common.grpc.GrpcErrors;
import io.ferry.master.ClusterReporter;
import io.ferry.master.load.LoadJobManager;
import io.ferry.proto.CancelLoadJobRequest;
import io.ferry.proto.CreateLoadJobRequest;
import io.ferry.proto.GetLoadJobRequest;
import io.ferry.proto.ListLoadJobsRequest;
import io.ferry.proto.ListLoadJobsResponse;
import io.ferry.proto.LoadJobInfo;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.security.CapabilityIssuer;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.ClusterReport;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.CreateFilesRequest;
import io.ferry.proto.CreateFilesResponse;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.DeleteResponse;
import io.ferry.proto.FileInfo;
import io.ferry.proto.FreeRequest;
import io.ferry.proto.FreeResponse;
import io.ferry.proto.PersistRequest;
import io.ferry.proto.PersistResponse;
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
import io.ferry.proto.PingRequest;
import io.ferry.proto.PingResponse;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.RenameResponse;
import io.ferry.proto.SetAttributesRequest;
import io.ferry.proto.SetReplicationRequest;
import io.ferry.proto.SetPinnedRequest;
import io.ferry.proto.SetTtlRequest;
import io.ferry.proto.UnmountRequest;
import io.ferry.proto.UnmountResponse;
import io.grpc.MethodDescriptor;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * FileSystemMasterService over gRPC: each call delegates and maps failures
 * with GrpcErrors. {@link #INLINE} calls run on the transport thread and
 * hand off to {@code blocking} only when they would wait.
 */
public final class FileSystemMasterServiceImpl extends FileSystemMasterServiceGrpc.FileSystemMasterServiceImplBase {
  /** The methods to run on the transport thread: the hot metadata reads, and the empty call that measures their floor. */
  public static final Set<MethodDescriptor<?, ?>> INLINE =
      Set.of(FileSystemMasterServiceGrpc.getGetStatusMethod(), FileSystemMasterServiceGrpc.getPingMethod());

  /**
   * The mutations that journal what they change: with HA, their lead is
   * confirmed when they answer, by their own Raft commit when they made one
   * ({@link LeaderOnly}).
   */
  public static final Set<MethodDescriptor<?, ?>> JOURNALING = Set.of(
      FileSystemMasterServiceGrpc.getCreateFileMethod(), FileSystemMasterServiceGrpc.getCreateFilesMethod(),
      FileSystemMasterServiceGrpc.getCompleteFileMethod(), FileSystemMasterServiceGrpc.getCreateDirectoryMethod(),
      FileSystemMasterServiceGrpc.getDeleteMethod(), FileSystemMasterServiceGrpc.getRenameMethod(),
      FileSystemMasterServiceGrpc.getSetAttributesMethod(), FileSystemMasterServiceGrpc.getSetReplicationMethod(),
      FileSystemMasterServiceGrpc.getSetTtlMethod(), FileSystemMasterServiceGrpc.getSetPinnedMethod(),
      FileSystemMasterServiceGrpc.getMountMethod(), FileSystemMasterServiceGrpc.getUnmountMethod());

  private final FileSystemMaster fs;
  private final Executor blocking;
  private final WorkerRegistry workers;
  private final ClusterReporter reporter;
  private final LoadJobManager loadJobs;
  private final CapabilityIssuer capabilities;
  private final MutationsInFlight mutations = new MutationsInFlight();

  public FileSystemMasterServiceImpl(FileSystemMaster fs, Executor blocking, WorkerRegistry workers,
      ClusterReporter reporter, LoadJobManager loadJobs, CapabilityIssuer capabilities) {
    this.capabilities = capabilities;
    this.blocking = blocking;
    this.loadJobs = loadJobs;
    this.fs = fs;
    this.workers = workers;
    this.reporter = reporter;
  }

  @Override
  public void ping(PingRequest request, StreamObserver<PingResponse> observer) {
    observer.onNext(PingResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void getStatus(GetStatusRequest request, StreamObserver<FileInfo> observer) {
    Optional<FileInfo> ready;
    try {
      ready = fs.getStatusWithoutWaiting(request);
    } catch (Exception e) {
      GrpcErrors.fail(observer, e);
      return;
    }
    if (ready.isPresent()) {
      observer.onNext(withCapability(request, ready.get()));
      observer.onCompleted();
    } else {
      // the call's Context (its authenticated caller) goes along to the other thread
      blocking.execute(Context.current().wrap(() -> Calls.unary(observer,
          () -> withCapability(request, fs.getStatus(request)))));
    }
  }

  /** Blocks are asked for to read the file: the answer, whose read permission was checked, lets the caller at them. */
  private FileInfo withCapability(GetStatusRequest request, FileInfo status) {
    return request.getIncludeBlocks() ? capabilities.forRead(status) : status;
  }

  @Override
  public void listStatus(ListStatusRequest request, StreamObserver<ListStatusResponse> observer) {
    try {
      FlowControlledSender<ListStatusResponse> sender = new FlowControlledSender<>(observer);
      fs.listStatus(request, page -> sender.accept(withCapabilities(page)));
      observer.onCompleted();
    } catch (Exception e) {
      GrpcErrors.fail(observer, e);
    }
  }

  /** A page of a listing, each file the caller may read with its READ capability. */
  private ListStatusResponse withCapabilities(List<FileInfo> page) {
    ListStatusResponse.Builder response = ListStatusResponse.newBuilder();
    for (FileInfo entry : page) {
      response.addEntries(capabilities.forListed(entry));
    }
    return response.build();
  }

  @Override
  public void createFile(CreateFileRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer,
        () -> capabilities.forWrite(mutations.run(request.getRequestId(), () -> fs.createFile(request))));
  }

  @Override
  public void createFiles(CreateFilesRequest request, StreamObserver<CreateFilesResponse> observer) {
    Calls.unary(observer, () -> mutations.run(request.getRequestId(),
        () -> CreateFilesResponse.newBuilder().setCreated(fs.createFiles(request)).build()));
  }

  @Override
  public void completeFile(CompleteFileRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer, () -> fs.completeFile(request));
  }

  @Override
  public void createDirectory(CreateDirectoryRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer, () -> mutations.run(request.getRequestId(), () -> fs.createDirectory(request)));
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> observer) {
    Calls.unary(observer, () -> mutations.run(request.getRequestId(), () -> {
      fs.delete(request);
      return DeleteResponse.getDefaultInstance();
    }));
  }

  @Override
  public void rename(RenameRequest request, StreamObserver<RenameResponse> observer) {
    Calls.unary(observer, () -> mutations.run(request.getRequestId(), () -> {
      fs.rename(request);
      return RenameResponse.getDefaultInstance();
    }));
  }

  @Override
  public void setAttributes(SetAttributesRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer, () -> fs.setAttributes(request));
  }

  @Override
  public void setReplication(SetReplicationRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer, () -> fs.setReplication(request));
  }

  @Override
  public void free(FreeRequest request, StreamObserver<FreeResponse> observer) {
    Calls.unary(observer, () -> fs.free(request));
  }

  @Override
  public void persist(PersistRequest request, StreamObserver<PersistResponse> observer) {
    Calls.unary(observer, () -> fs.persist(request));
  }

  @Override
  public void setTtl(SetTtlRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer, () -> fs.setTtl(request));
  }

  @Override
  public void setPinned(SetPinnedRequest request, StreamObserver<FileInfo> observer) {
    Calls.unary(observer, () -> fs.setPinned(request));
  }

  @Override
  public void mount(MountRequest request, StreamObserver<MountInfo> observer) {
    Context call = Context.current(); // cancelled when the client's deadline passes or it cancels
    Calls.unary(observer, () -> fs.mount(request, call::isCancelled));
  }

  @Override
  public void unmount(UnmountRequest request, StreamObserver<UnmountResponse> observer) {
    Calls.unary(observer, () -> {
      fs.unmount(request.getFerryPath());
      return UnmountResponse.getDefaultInstance();
    });
  }

  @Override
  public void getMountTable(GetMountTableRequest request, StreamObserver<GetMountTableResponse> observer) {
    Calls.unary(observer, () -> GetMountTableResponse.newBuilder().addAllMounts(fs.mountTable()).build());
  }

  @Override
  public void getWorkers(GetWorkersRequest request, StreamObserver<GetWorkersResponse> observer) {
    Calls.unary(observer, () -> GetWorkersResponse.newBuilder().addAllWorkers(workers.liveWorkers()).build());
  }

  @Override
  public void getClusterReport(GetClusterReportRequest request, StreamObserver<ClusterReport> observer) {
    Calls.unary(observer, reporter::report);
  }

  @Override
  public void createLoadJob(CreateLoadJobRequest request, StreamObserver<LoadJobInfo> observer) {
    Calls.unary(observer, () -> loadJobs.create(request));
  }

  @Override
  public void getLoadJob(GetLoadJobRequest request, StreamObserver<LoadJobInfo> observer) {
    Calls.unary(observer, () -> loadJobs.get(request.getJobId()));
  }

  @Override
  public void listLoadJobs(ListLoadJobsRequest request, StreamObserver<ListLoadJobsResponse> observer) {
    Calls.unary(observer, () -> ListLoadJobsResponse.newBuilder().addAllJobs(loadJobs.list()).build());
  }

  @Override
  public void cancelLoadJob(CancelLoadJobRequest request, StreamObserver<LoadJobInfo> observer) {
    Calls.unary(observer, () -> loadJobs.cancel(request.getJobId()));
  }
}
