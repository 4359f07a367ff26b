package io.ferry.client;

import com.google.protobuf.ByteString;
import io.ferry.common.BlockChecksums;
import io.ferry.common.BlockFiles;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.OpenLocalBlockRequest;
import io.ferry.proto.OpenLocalBlockResponse;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.ReadBlockResponse;
import io.ferry.proto.ReportAccessesRequest;
import io.ferry.proto.ReportAccessesResponse;
import io.ferry.proto.UfsBlockSource;
import io.ferry.proto.WriteFileHeader;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker that serves blocks out of a shared in-memory "UFS" (ufs URI to
 * bytes), with switches to make it fail.
 */
final class FakeWorker extends BlockWorkerServiceGrpc.BlockWorkerServiceImplBase {
  static final int CHUNK = 64 * 1024;
  private final Map<String, byte[]> ufs;
  private final Path blockDir;
  final AtomicInteger readBlockCalls = new AtomicInteger();
  final AtomicInteger openLocalCalls = new AtomicInteger();
  /** Block ids clients reported reading straight from the block files. */
  final List<Long> reportedAccesses = new CopyOnWriteArrayList<>();
  /** ReadBlock streams this many bytes and then fails UNAVAILABLE; -1 = never fails. */
  volatile long failReadsAfter = -1;
  /** ReadBlock streams this many bytes and then sends nothing more, the call left open; -1 = never stalls. */
  volatile long stallReadsAfter = -1;
  /** OpenLocalBlock answers this error instead of naming a block file, when set. */
  volatile Status refuseOpenLocal;
  /** OpenLocalBlock names a file the client cannot open (as another user's block files), when set. */
  volatile boolean openLocalNamesUnreadableFile;
  /** WriteFile fails after the header when set. */
  volatile boolean failWrites;
  /** Bytes a write may hold before its chunks fail ("disk full"), as an under storage that fills up. */
  volatile long room = Long.MAX_VALUE;
  volatile WriteFileHeader lastHeader;

  FakeWorker(Map<String, byte[]> ufs, Path blockDir) {
    this.ufs = ufs;
    this.blockDir = blockDir;
  }

  /** As a worker's fetch: the UFS file's fingerprint (FakeMaster's "fp-LENGTH") is not the request's. */
  private boolean changedSince(UfsBlockSource source) {
    byte[] file = ufs.get(source.getUfsUri());
    return !source.getFingerprint().isEmpty() && (file == null
        || !source.getFingerprint().equals("fp-" + file.length));
  }

  private byte[] block(UfsBlockSource source) {
    byte[] file = ufs.get(source.getUfsUri());
    int start = (int) source.getBlockStart();
    return Arrays.copyOfRange(file, start, start + (int) source.getBlockLength());
  }

  @Override
  public void readBlock(ReadBlockRequest request, StreamObserver<ReadBlockResponse> observer) {
    readBlockCalls.incrementAndGet();
    if (changedSince(request.getSource())) {
      GrpcErrors.fail(observer, new FerryException(ErrorCode.FILE_CHANGED,
          "The UFS file " + request.getSource().getUfsUri() + " changed since its status was taken"));
      return;
    }
    byte[] block = block(request.getSource());
    int from = (int) request.getOffset();
    int to = request.getLength() > 0 ? (int) Math.min(block.length, from + request.getLength()) : block.length;
    long sent = 0;
    for (int i = from; i < to; i += CHUNK) {
      if (failReadsAfter >= 0 && sent >= failReadsAfter) {
        observer.onError(Status.UNAVAILABLE.withDescription("worker going away").asRuntimeException());
        return;
      }
      if (stallReadsAfter >= 0 && sent >= stallReadsAfter) {
        return; // as a worker whose host was cut off: no more data, no end
      }
      int n = Math.min(CHUNK, to - i);
      observer.onNext(ReadBlockResponse.newBuilder().setChunk(ByteString.copyFrom(block, i, n)).build());
      sent += n;
    }
    observer.onCompleted();
  }

  @Override
  public void openLocalBlock(OpenLocalBlockRequest request, StreamObserver<OpenLocalBlockResponse> observer) {
    openLocalCalls.incrementAndGet();
    if (refuseOpenLocal != null) {
      observer.onError(refuseOpenLocal.asRuntimeException());
      return;
    }
    if (openLocalNamesUnreadableFile) {
      observer.onNext(OpenLocalBlockResponse.newBuilder().setPath(blockDir.resolve("not-yours").toString())
          .setLength(request.getSource().getBlockLength()).build());
      observer.onCompleted();
      return;
    }
    byte[] block = block(request.getSource());
    try {
      Path file = blockDir.resolve(BlockFiles.fileName(request.getBlockId(), request.getSource().getFingerprint()));
      Files.write(file, block);
      BlockChecksums.write(file, new BlockChecksums.Checksum(BlockChecksums.crcOf(ByteBuffer.wrap(block)),
          block.length, request.getSource().getFingerprint())); // as a worker does
      observer.onNext(OpenLocalBlockResponse.newBuilder().setPath(file.toString()).setLength(block.length).build());
      observer.onCompleted();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void reportAccesses(ReportAccessesRequest request, StreamObserver<ReportAccessesResponse> observer) {
    reportedAccesses.addAll(request.getBlockIdsList());
    observer.onNext(ReportAccessesResponse.getDefaultInstance());
    observer.onCompleted();
  }

  @Override
  public StreamObserver<WriteFileRequest> writeFile(StreamObserver<WriteFileResponse> observer) {
    return new StreamObserver<>() {
      private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      private WriteFileHeader header;
      private boolean full;

      @Override
      public void onNext(WriteFileRequest request) {
        if (request.hasHeader()) {
          header = request.getHeader();
          lastHeader = header;
          if (failWrites) {
            GrpcErrors.fail(observer, new FerryException(ErrorCode.UFS_ERROR, "disk full"));
          }
          return;
        }
        if (full) {
          return;
        }
        if (request.hasSync()) {
          observer.onNext(WriteFileResponse.newBuilder().setLength(bytes.size()).setSynced(true).build());
        } else if (bytes.size() + request.getChunk().size() > room) {
          full = true;
          GrpcErrors.fail(observer, new FerryException(ErrorCode.NO_SPACE, "disk full"));
        } else {
          bytes.writeBytes(request.getChunk().toByteArray());
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        ufs.put(header.getUfsUri(), bytes.toByteArray());
        observer.onNext(WriteFileResponse.newBuilder().setLength(bytes.size()).setFingerprint("fp-" + bytes.size())
            .build());
        observer.onCompleted();
      }
    };
  }
}
