package io.ferry.client;

import io.ferry.proto.OpenLocalBlockRequest;
import io.ferry.proto.OpenLocalBlockResponse;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the right {@link BlockReader} for a worker: short-circuit when it is on
 * this host (straight from the block file when it is there, else after
 * OpenLocalBlock), else its block transport, or gRPC when it has none.
 * Short-circuit is only a faster way to the same bytes: when it is refused or
 * fails (the worker cannot keep the block in its cache, this user may not
 * open the worker's block files, ...) the block is streamed from the same
 * worker, and later blocks of the stream skip short-circuit on that worker.
 * Only a failure of the stream itself counts against the worker.
 */
final class BlockReaderFactory {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReaderFactory.class);

  private final ClientContext ctx;
  /** Workers whose short-circuit failed for this stream, as "host:port". */
  private final Set<String> streamOnly = new HashSet<>();

  BlockReaderFactory(ClientContext ctx) {
    this.ctx = ctx;
  }

  /**
   * @param start where the first read will be, within the block
   * @param length how much the caller means to read from there; -1 = to the end of the block
   */
  BlockReader open(PathStatus file, FileBlock block, WorkerEndpoint worker, long start, long length) {
    UfsBlockSource source = sourceOf(file, block);
    if (shortCircuit(file) && ctx.localAddresses.isLocal(worker.host()) && !streamOnly.contains(worker.hostPort())) {
      try {
        return openLocal(file, block, worker, source);
      } catch (IOException e) {
        LOG.debug("Short-circuit read of block {} of {} on worker at {} failed, streaming it instead: {}",
            block.blockId(), file.path(), worker.hostPort(), e.getMessage());
        streamOnly.add(worker.hostPort());
      }
    }
    ReadBlockRequest request = ReadBlockRequest.newBuilder()
        .setBlockId(block.blockId())
        .setOffset(start)
        .setLength(length)
        .setSource(source)
        .setChunkSize(ReadBlockStream.CHUNK_BYTES)
        .setCapability(file.capability())
        .build();
    if (ctx.dataTransport && worker.dataPort() > 0) {
      return new TransportBlockReader(worker, ctx.blockConnections, request, block.length(), ctx.readStallTimeout);
    }
    return new GrpcBlockReader(worker, ctx.workers.streaming(worker), request, block.length(),
        ctx.readStallTimeout);
  }

  /**
   * A file read with a capability (authentication on) is never read from
   * block files: workers keep them to themselves then.
   */
  private boolean shortCircuit(PathStatus file) {
    return ctx.shortCircuit && file.capability().isEmpty();
  }

  private BlockReader openLocal(PathStatus file, FileBlock block, WorkerEndpoint worker, UfsBlockSource source)
      throws IOException {
    Optional<LocalBlockReader> cached =
        LocalBlockReader.openCached(worker, block.blockId(), file.fingerprint(), block.length());
    if (cached.isPresent()) {
      ctx.accessReporter.readDirectly(worker, block.blockId());
      return cached.get();
    }
    // not cached there (or evicted): the worker fetches it and tells where it is
    OpenLocalBlockResponse local;
    try {
      local = ctx.workers.blocking(worker)
          .withDeadlineAfter(ctx.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .openLocalBlock(OpenLocalBlockRequest.newBuilder()
              .setBlockId(block.blockId()).setSource(source).build());
    } catch (StatusRuntimeException e) {
      throw WorkerClients.fromStatus(e, worker);
    }
    if (local.getLength() < block.length()) {
      throw new IOException("Worker at " + worker.hostPort() + " has " + local.getLength()
          + " bytes of block " + block.blockId() + " in " + local.getPath() + ", expected " + block.length());
    }
    return LocalBlockReader.open(worker, Paths.get(local.getPath()), block.length());
  }

  /** Where a worker finds the block in the UFS when it is not cached. */
  static UfsBlockSource sourceOf(PathStatus file, FileBlock block) {
    return UfsBlockSource.newBuilder()
        .setMountId(file.mountId())
        .setUfsUri(file.ufsUri())
        .setBlockStart(block.offset())
        .setBlockLength(block.length())
        .setFingerprint(file.fingerprint())
        .build();
  }
}
