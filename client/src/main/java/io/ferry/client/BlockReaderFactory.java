package io.ferry.client;

import io.ferry.proto.BlockInfo;
import io.ferry.proto.FileInfo;
import io.ferry.proto.OpenLocalBlockRequest;
import io.ferry.proto.OpenLocalBlockResponse;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import io.ferry.proto.WorkerAddress;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens the right {@link BlockReader} for a worker: short-circuit when it is on
 * this host (straight from the block file when it is there, else after
 * OpenLocalBlock), else gRPC.
 */
final class BlockReaderFactory {
  private final ClientContext ctx;

  BlockReaderFactory(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param start where the first read will be, within the block
   * @param length how much the caller means to read from there; -1 = to the end of the block
   */
  BlockReader open(FileInfo file, BlockInfo block, WorkerAddress worker, long start, long length)
      throws IOException {
    UfsBlockSource source = sourceOf(file, block);
    if (ctx.shortCircuit && ctx.localAddresses.isLocal(worker.getHost())) {
      Optional<LocalBlockReader> cached =
          LocalBlockReader.openCached(worker, block.getBlockId(), file.getFingerprint(), block.getLength());
      if (cached.isPresent()) {
        ctx.accessReporter.readDirectly(worker, block.getBlockId());
        return cached.get();
      }
      // not cached there (or evicted): the worker fetches it and tells where it is
      OpenLocalBlockResponse local;
      try {
        local = ctx.workers.blocking(worker)
            .withDeadlineAfter(ctx.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .openLocalBlock(OpenLocalBlockRequest.newBuilder()
                .setBlockId(block.getBlockId()).setSource(source).build());
      } catch (StatusRuntimeException e) {
        throw WorkerClients.fromStatus(e, worker);
      }
      if (local.getLength() < block.getLength()) {
        throw new IOException("Worker at " + WorkerClients.key(worker) + " has " + local.getLength()
            + " bytes of block " + block.getBlockId() + " in " + local.getPath() + ", expected " + block.getLength());
      }
      return LocalBlockReader.open(worker, Paths.get(local.getPath()), block.getLength());
    }
    ReadBlockRequest request = ReadBlockRequest.newBuilder()
        .setBlockId(block.getBlockId())
        .setOffset(start)
        .setLength(length)
        .setSource(source)
        .setChunkSize(ReadBlockStream.CHUNK_BYTES)
        .build();
    return new GrpcBlockReader(worker, ctx.workers.streaming(worker), request, block.getLength(),
        ctx.readStallTimeout);
  }

  /** Where a worker finds the block in the UFS when it is not cached. */
  static UfsBlockSource sourceOf(FileInfo file, BlockInfo block) {
    return UfsBlockSource.newBuilder()
        .setMountId(file.getMountId())
        .setUfsUri(file.getUfsUri())
        .setBlockStart(block.getOffset())
        .setBlockLength(block.getLength())
        .setFingerprint(file.getFingerprint())
        .build();
  }
}
