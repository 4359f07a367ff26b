package io.ferry.worker.grpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.common.security.RpcLimits;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.LoadBlocksRequest;
import io.ferry.proto.LoadBlocksResponse;
import io.ferry.proto.OpenLocalBlockRequest;
import io.ferry.proto.OpenLocalBlockResponse;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReadBlockResponse;
import io.ferry.proto.ReportAccessesRequest;
import io.ferry.proto.ReportAccessesResponse;
import io.ferry.proto.UfsBlockSource;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import io.ferry.proto.WriteType;
import io.ferry.worker.FilesBeingWritten;
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.fetch.BlockLoader;
import io.ferry.worker.fetch.BlockReads;
import io.ferry.worker.fetch.OpenBlock;
import io.ferry.worker.fetch.UfsResolver;
import io.ferry.worker.security.CapabilityGuard;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The worker's data server: block reads (streamed or short-circuit) and file
 * writes, each passed by the {@link CapabilityGuard} first.
 */
public final class BlockWorkerService extends BlockWorkerServiceGrpc.BlockWorkerServiceImplBase {
  /** The methods to run on the transport thread; they hand off to the I/O threads what may wait. */
  public static final Set<MethodDescriptor<?, ?>> INLINE = Set.of(BlockWorkerServiceGrpc.getReadBlockMethod());
  /** Leaves room for framing within the message size Ferry's channels accept by default. */
  static final int MAX_CHUNK_BYTES = RpcLimits.DEFAULTS.maxMessageBytes() / 2;

  private final BlockReads reads;
  private final BlockStore store;
  private final UfsResolver ufs;
  private final int defaultChunkSize;
  private final WriteType defaultWriteType;
  private final WorkerCounters counters;
  private final FilesBeingWritten writing;
  private final BlockLoader loader;
  private final Executor blocking;
  private final CapabilityGuard guard;
  private final Runnable reportBlocksNow;

  /** {@code reportBlocksNow} tells the master at once of blocks that exist only in this cache (a write's). */
  public BlockWorkerService(BlockReads reads, BlockStore store, UfsResolver ufs, int defaultChunkSize,
      WriteType defaultWriteType, WorkerCounters counters, BlockLoader loader, Executor blocking,
      FilesBeingWritten writing, CapabilityGuard guard, Runnable reportBlocksNow) {
    this.guard = guard;
    this.reportBlocksNow = reportBlocksNow;
    this.writing = writing;
    this.blocking = blocking;
    this.reads = reads;
    this.loader = loader;
    this.store = store;
    this.ufs = ufs;
    this.defaultChunkSize = defaultChunkSize;
    this.defaultWriteType = defaultWriteType;
    this.counters = counters;
  }

  /**
   * Streams a block. A block ready in memory streams from the transport
   * thread that read the request; a block that may wait (a checksum pass, a
   * disk tier, a fetch from the UFS) is opened and streamed on the worker's
   * I/O threads.
   */
  @Override
  public void readBlock(ReadBlockRequest request, StreamObserver<ReadBlockResponse> observer) {
    ServerCallStreamObserver<ReadBlockResponse> out = (ServerCallStreamObserver<ReadBlockResponse>) observer;
    UfsBlockSource source = sourceOf(request.hasSource(), request.getSource());
    int chunkSize = request.getChunkSize() > 0 ? Math.min(request.getChunkSize(), MAX_CHUNK_BYTES)
        : defaultChunkSize;
    Optional<OpenBlock> ready;
    try {
      guard.checkRead(request);
      ready = reads.openIfReady(request.getBlockId(), source);
    } catch (IOException | RuntimeException e) {
      GrpcErrors.fail(out, e);
      return;
    }
    BlockChunkStreamer streamer = ready.isPresent()
        ? BlockChunkStreamer.ofReady(out, request, ready.get(), chunkSize, counters)
        : BlockChunkStreamer.opening(out, request, () -> reads.open(request), chunkSize, counters, blocking);
    streamer.start();
  }

  @Override
  public void openLocalBlock(OpenLocalBlockRequest request, StreamObserver<OpenLocalBlockResponse> observer) {
    long blockId = request.getBlockId();
    try {
      guard.checkShortCircuit(blockId);
      if (request.hasSource() && !store.fits(request.getSource().getBlockLength())) {
        throw tooLargeToCache(blockId, request.getSource().getBlockLength());
      }
      OpenLocalBlockResponse response;
      try (OpenBlock block = reads.open(blockId, sourceOf(request.hasSource(), request.getSource()), false)) {
        // the tier's policy may have moved the block down a tier since it was cached: look it up again
        Path path = block.cachedPath().filter(Files::exists)
            .or(() -> store.get(blockId).map(BlockMeta::path).filter(Files::exists))
            .orElseThrow(() -> tooLargeToCache(blockId, block.length()));
        response = OpenLocalBlockResponse.newBuilder().setPath(path.toString()).setLength(block.length()).build();
      }
      observer.onNext(response);
      observer.onCompleted();
    } catch (IOException | RuntimeException e) {
      GrpcErrors.fail(observer, e);
    }
  }

  @Override
  public void reportAccesses(ReportAccessesRequest request, StreamObserver<ReportAccessesResponse> observer) {
    request.getBlockIdsList().forEach(reads::readDirectly);
    observer.onNext(ReportAccessesResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public void loadBlocks(LoadBlocksRequest request, StreamObserver<LoadBlocksResponse> observer) {
    Context call = Context.current(); // cancelled when the master cancels the job or goes away
    try {
      observer.onNext(LoadBlocksResponse.newBuilder()
          .addAllResults(loader.load(request.getBlocksList(), request.getParallelism(), call::isCancelled))
          .build());
      observer.onCompleted();
    } catch (IOException | RuntimeException e) {
      GrpcErrors.fail(observer, e);
    }
  }

  /** This service as the worker's server binds it: WriteFile's chunks parsed without a copy. */
  public BindableService withAliasedWrites() {
    return () -> AliasedWriteRequests.inWriteFile(bindService());
  }

  @Override
  public StreamObserver<WriteFileRequest> writeFile(StreamObserver<WriteFileResponse> observer) {
    return new FileWriteSession(observer, store, ufs, defaultWriteType, writing, guard, reportBlocksNow);
  }

  private static UfsBlockSource sourceOf(boolean present, UfsBlockSource source) {
    return present ? source : null;
  }

  /** Not kept in the cache (too large, or evicted at once): the client streams it with ReadBlock instead. */
  private FerryException tooLargeToCache(long blockId, long length) {
    return new FerryException(ErrorCode.UNAVAILABLE, "Block " + blockId + " (" + length
        + " bytes) cannot be kept in this worker's cache of " + store.capacity() + " bytes; read it with ReadBlock");
  }
}
