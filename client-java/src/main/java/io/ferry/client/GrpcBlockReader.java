package io.ferry.client;

import io.ferry.proto.BlockWorkerServiceGrpc.BlockWorkerServiceStub;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.WorkerAddress;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads a block over a worker's ReadBlock streams. A read range of at least
 * two segments is split into segments, and the next ones are streamed while
 * the reader is still on the first, each on another of the worker's
 * connections: the worker and this client then each work on two segments on
 * two transport threads at once, rather than one of each in turns. The
 * streams are reused while reads are sequential; a read elsewhere in the
 * block cancels them and starts again there.
 */
final class GrpcBlockReader implements BlockReader {
  /** A range shorter than two of these is one stream: a split would only add a call. */
  static final long MIN_SEGMENT_BYTES = 1 << 20;
  /** Long ranges (large blocks) are split into segments of at most this. */
  static final long MAX_SEGMENT_BYTES = 8 << 20;
  /** Segments streaming at once, the one being read included. */
  private static final int SEGMENTS_AHEAD = 2;

  private final WorkerAddress worker;
  /** One stub per connection to the worker; segments take them in turn. */
  private final List<BlockWorkerServiceStub> connections;
  private final ReadBlockRequest request;
  private final long blockLength;
  /** The segments streaming, in block order; the first is being read. */
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  /** The chunk being read; null before the first and after the last. */
  private ReadBlockChunk chunk;
  private long streamPos = -1;
  /** The range being streamed: [.., rangeEnd), split into segments of segmentBytes. */
  private long rangeEnd;
  private long segmentBytes;
  /** Where the next segment to open starts. */
  private long nextSegment;
  private int nextConnection;

  private record Segment(ReadBlockStream stream, long end) {}

  /**
   * @param connections stubs over distinct connections to the worker (at least one)
   * @param request the block, its UFS source, and the range of the first read
   *     ({@code length} -1 reads to the end of the block)
   */
  GrpcBlockReader(WorkerAddress worker, List<BlockWorkerServiceStub> connections, ReadBlockRequest request,
      long blockLength) {
    this.worker = worker;
    this.connections = connections;
    this.request = request;
    this.blockLength = blockLength;
  }

  @Override
  public int read(long posInBlock, ByteBuffer dst) throws IOException {
    if (!dst.hasRemaining() || posInBlock >= blockLength) {
      return 0;
    }
    if (posInBlock != streamPos) {
      open(posInBlock);
    }
    try {
      while (chunk == null || chunk.remaining() == 0) {
        if (segments.isEmpty()) {
          open(streamPos); // the first read's range is done: on to the end of the block
        }
        Segment current = segments.getFirst();
        chunk = current.stream().next();
        if (chunk == null) {
          if (streamPos != current.end()) {
            throw new IOException("Worker at " + WorkerClients.key(worker) + " ended block " + request.getBlockId()
                + " at " + streamPos + " of " + blockLength + " bytes");
          }
          segments.removeFirst();
          openAhead();
        }
      }
    } catch (StatusRuntimeException e) {
      throw WorkerClients.fromStatus(e, worker);
    }
    int n = chunk.copyTo(dst);
    streamPos += n;
    return n;
  }

  /** Starts streaming at {@code posInBlock}: the first read's range, or a seek's, to the end of the block. */
  private void open(long posInBlock) {
    cancel();
    boolean first = streamPos < 0 && posInBlock == request.getOffset();
    rangeEnd = first && request.getLength() > 0 ? request.getOffset() + request.getLength() : blockLength;
    long range = rangeEnd - posInBlock;
    segmentBytes = range < 2 * MIN_SEGMENT_BYTES || request.getNoCache() // uncached: each call reads the UFS
        ? range : Math.min(MAX_SEGMENT_BYTES, (range + 1) / 2);
    nextSegment = posInBlock;
    streamPos = posInBlock;
    openAhead();
  }

  private void openAhead() {
    while (segments.size() < SEGMENTS_AHEAD && nextSegment < rangeEnd) {
      long end = Math.min(rangeEnd, nextSegment + segmentBytes);
      ReadBlockRequest segment = request.toBuilder().setOffset(nextSegment).setLength(end - nextSegment).build();
      BlockWorkerServiceStub stub = connections.get(nextConnection++ % connections.size());
      segments.addLast(new Segment(ReadBlockStream.start(stub.getChannel(), stub.getCallOptions(), segment), end));
      nextSegment = end;
    }
  }

  private void cancel() {
    if (chunk != null) {
      chunk.close();
      chunk = null;
    }
    segments.forEach(s -> s.stream().cancel());
    segments.clear();
  }

  @Override
  public WorkerAddress worker() {
    return worker;
  }

  @Override
  public void close() {
    cancel();
  }
}
