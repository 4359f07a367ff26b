package io.ferry.worker.grpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.grpc.GrpcErrors;
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
import io.ferry.worker.WorkerCounters;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.fetch.BlockLoader;
import io.ferry.worker.fetch.BlockReads;
import io.ferry.worker.fetch.OpenBlock;
import io.ferry.worker.fetch.UfsResolver;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The worker's data server: block reads (streamed or short-circuit) and file writes. */
public final class BlockWorkerService extends BlockWorkerServiceGrpc.BlockWorkerServiceImplBase {
  /** Leaves room for framing within the message size every Ferry channel accepts. */
  static final int MAX_CHUNK_BYTES = GrpcChannels.MAX_MESSAGE_BYTES / 2;

  private final BlockReads reads;
  private final BlockStore store;
  private final UfsResolver ufs;
  private final int defaultChunkSize;
  private final WriteType defaultWriteType;
  private final WorkerCounters counters;
  private final BlockLoader loader;

  public BlockWorkerService(BlockReads reads, BlockStore store, UfsResolver ufs, int defaultChunkSize,
      WriteType defaultWriteType, WorkerCounters counters, BlockLoader loader) {
    this.reads = reads;
    this.loader = loader;
    this.store = store;
    this.ufs = ufs;
    this.defaultChunkSize = defaultChunkSize;
    this.defaultWriteType = defaultWriteType;
    this.counters = counters;
  }

  @Override
  public void readBlock(ReadBlockRequest request, StreamObserver<ReadBlockResponse> observer) {
    ServerCallStreamObserver<ReadBlockResponse> out = (ServerCallStreamObserver<ReadBlockResponse>) observer;
    OpenBlock block = null;
    try {
      block = reads.open(request.getBlockId(), sourceOf(request.hasSource(), request.getSource()),
          request.getNoCache());
      long length = rangeLength(request, block.length());
      int chunkSize = request.getChunkSize() > 0 ? Math.min(request.getChunkSize(), MAX_CHUNK_BYTES)
          : defaultChunkSize;
      new BlockChunkStreamer(out, block, request.getOffset(), length, chunkSize, counters).start();
    } catch (IOException | RuntimeException e) {
      closeQuietly(block);
      GrpcErrors.fail(out, e);
    }
  }

  @Override
  public void openLocalBlock(OpenLocalBlockRequest request, StreamObserver<OpenLocalBlockResponse> observer) {
    long blockId = request.getBlockId();
    try {
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

  @Override
  public StreamObserver<WriteFileRequest> writeFile(StreamObserver<WriteFileResponse> observer) {
    return new FileWriteSession(observer, store, ufs, defaultWriteType);
  }

  /** The number of bytes to stream; the request's range must lie within the block. */
  private static long rangeLength(ReadBlockRequest request, long blockLength) throws FerryException {
    long offset = request.getOffset();
    long requested = request.getLength();
    long length = requested == 0 || requested == -1 ? blockLength - offset : requested;
    if (offset < 0 || offset > blockLength || length < 0 || length > blockLength - offset) {
      throw FerryException.invalidArgument("Range offset " + offset + " length " + requested
          + " is outside block " + request.getBlockId() + " of " + blockLength + " bytes");
    }
    return length;
  }

  private static UfsBlockSource sourceOf(boolean present, UfsBlockSource source) {
    return present ? source : null;
  }

  /** Not kept in the cache (too large, or evicted at once): the client streams it with ReadBlock instead. */
  private FerryException tooLargeToCache(long blockId, long length) {
    return new FerryException(ErrorCode.UNAVAILABLE, "Block " + blockId + " (" + length
        + " bytes) cannot be kept in this worker's cache of " + store.capacity() + " bytes; read it with ReadBlock");
  }

  private static void closeQuietly(OpenBlock block) {
    if (block != null) {
      try {
        block.close();
      } catch (IOException e) {
        // read-only; nothing lost
      }
    }
  }
}
