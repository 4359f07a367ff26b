package io.ferry.worker.grpc;

import com.google.protobuf.ByteString;
import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcErrors;
import io.ferry.proto.LocalBlockWritten;
import io.ferry.proto.WriteFileHeader;
import io.ferry.proto.WriteFileRequest;
import io.ferry.proto.WriteFileResponse;
import io.ferry.proto.WriteType;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.worker.FilesBeingWritten;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TempBlock;
import io.ferry.worker.fetch.UfsResolver;
import io.ferry.worker.security.CapabilityGuard;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WriteFile stream: a header, then the file's bytes in order. Bytes go to
 * the UFS (CACHE_THROUGH, THROUGH) and into temporary block files
 * (CACHE_THROUGH, and MUST_CACHE and ASYNC_THROUGH, whose blocks are cache-only:
 * room reserved as it is written, since those blocks exist nowhere else until
 * a persist job writes them to the UFS, and are never evicted). Only when the client completes the stream is
 * the UFS file closed (published) and are the blocks committed; on an error
 * or a cancel everything written is discarded. A sync in the stream is
 * answered once the bytes before it are in the blocks and pushed to the UFS
 * stream, so a failure (a full UFS) reaches the client's flush rather than
 * only its completion. A client on this host writing a cache-only file may
 * write each block's temporary file itself (short-circuit: it asks for the
 * file, writes into it, and reports the length and CRC32C written so far,
 * for which room is reserved as for a chunk); the block is committed as if
 * its bytes had come in chunks. gRPC calls this observer one message at a
 * time.
 */
final class FileWriteSession implements StreamObserver<WriteFileRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(FileWriteSession.class);

  private final StreamObserver<WriteFileResponse> response;
  private final BlockStore store;
  private final UfsResolver ufs;
  private final WriteType defaultWriteType;
  private final FilesBeingWritten writing;
  private final CapabilityGuard guard;
  private final Runnable reportBlocksNow;
  private final List<TempBlock> blocks = new ArrayList<>();
  private WriteFileHeader header;
  private WriteType writeType;
  private UfsOutputStream ufsOut;
  private boolean cacheBlocks;
  private long written;
  private boolean finished;

  FileWriteSession(StreamObserver<WriteFileResponse> response, BlockStore store, UfsResolver ufs,
      WriteType defaultWriteType, FilesBeingWritten writing, CapabilityGuard guard, Runnable reportBlocksNow) {
    this.guard = guard;
    this.reportBlocksNow = reportBlocksNow;
    this.writing = writing;
    this.response = response;
    this.store = store;
    this.ufs = ufs;
    this.defaultWriteType = defaultWriteType;
  }

  @Override
  public void onNext(WriteFileRequest request) {
    if (finished) {
      return;
    }
    try {
      if (header == null) {
        if (!request.hasHeader()) {
          throw FerryException.invalidArgument("A WriteFile stream must start with a header");
        }
        begin(request.getHeader());
      } else if (request.hasHeader()) {
        throw FerryException.invalidArgument("Second header in the WriteFile stream of " + describe());
      } else if (request.hasSync()) {
        sync();
      } else if (request.getOpenLocalBlock()) {
        openLocalBlock();
      } else if (request.hasLocalWritten()) {
        localWritten(request.getLocalWritten());
      } else {
        write(request.getChunk());
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!finished) {
      finish();
      abort();
      LOG.info("Write of {} abandoned by the client after {} bytes: {}", describe(), written, t.getMessage());
    }
  }

  @Override
  public void onCompleted() {
    if (finished) {
      return;
    }
    try {
      if (header == null) {
        throw FerryException.invalidArgument("A WriteFile stream must start with a header");
      }
      WriteFileResponse result = complete();
      finish();
      response.onNext(result);
      response.onCompleted();
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void begin(WriteFileHeader h) throws IOException {
    guard.checkWrite(h);
    header = h;
    writing.started(h.getFileId());
    writeType = h.getWriteType() == WriteType.WRITE_TYPE_UNSPECIFIED ? defaultWriteType : h.getWriteType();
    if (h.getBlockSize() <= 0) {
      throw FerryException.invalidArgument("Block size " + h.getBlockSize() + " of " + describe()
          + " is not positive");
    }
    boolean persist = writeType == WriteType.CACHE_THROUGH || writeType == WriteType.THROUGH;
    if (persist) {
      if (h.getUfsUri().isEmpty()) {
        throw FerryException.invalidArgument("A " + writeType + " write of file " + h.getFileId()
            + " names no UFS URI");
      }
      ufsOut = ufs.forMount(h.getMountId()).create(h.getUfsUri(), h.getOverwrite());
    }
    // A through-written block larger than the cache is simply not cached; a MUST_CACHE one fails when it gets there.
    cacheBlocks = cacheOnly() || (writeType == WriteType.CACHE_THROUGH && store.fits(h.getBlockSize()));
  }

  private void write(ByteString chunk) throws IOException {
    if (ufsOut != null) {
      chunk.writeTo(ufsOut);
    }
    if (!cacheBlocks) {
      written += chunk.size();
      return;
    }
    long blockSize = header.getBlockSize();
    int pos = 0;
    while (pos < chunk.size()) {
      long inBlock = written % blockSize;
      int n = (int) Math.min(chunk.size() - pos, blockSize - inBlock);
      TempBlock block = blockAt(written / blockSize);
      if (cacheOnly()) {
        reserve(block, n);
      }
      block.write(chunk.substring(pos, pos + n).asReadOnlyByteBufferList());
      pos += n;
      written += n;
    }
  }

  private void reserve(TempBlock block, long bytes) throws FerryException {
    if (!block.reserveCacheOnly(bytes)) {
      throw new FerryException(ErrorCode.NO_SPACE, "This worker's cache has no room for the " + writeType
          + " write of "
          + describe() + " beyond its first " + written + " bytes: of its " + store.capacity()
          + " bytes, the rest is held by data never evicted (that exists only in the cache, or pinned); write it"
          + " with CACHE_THROUGH, delete MUST_CACHE files, wait for ASYNC_THROUGH files to be persisted or"
          + " unpin files");
    }
  }

  /**
   * Short-circuit: starts the temporary file of the next block (the blocks
   * before it are full) and answers its path, for the client to write into;
   * "" if this write cannot be short-circuit (the worker writes its bytes to
   * the UFS too, or authentication is on: block files are never handed out).
   */
  private void openLocalBlock() throws IOException {
    String path = "";
    if (cacheOnly() && !guard.on()) {
      if (written % header.getBlockSize() != 0) {
        throw FerryException.invalidArgument("A local block of " + describe() + " was asked for after "
            + written + " bytes, inside a block");
      }
      path = blockAt(written / header.getBlockSize()).path().toString();
    }
    response.onNext(WriteFileResponse.newBuilder().setLocalBlockOpened(true).setLocalBlockPath(path).build());
  }

  /** Short-circuit: the client wrote the current block's file up to {@code report.getLength()}. */
  private void localWritten(LocalBlockWritten report) throws IOException {
    if (blocks.isEmpty() || !cacheOnly() || guard.on()) {
      throw FerryException.invalidArgument("A short-circuit write of " + describe() + " before any local block");
    }
    TempBlock block = blocks.get(blocks.size() - 1);
    long more = report.getLength() - block.length();
    if (more < 0 || report.getLength() > header.getBlockSize()) {
      throw FerryException.invalidArgument("Block " + block.blockId() + " of " + describe() + " was reported "
          + report.getLength() + " bytes long after " + block.length());
    }
    reserve(block, more);
    block.writtenByClient(report.getLength(), Integer.toUnsignedLong(report.getCrc()));
    written += more;
  }

  private void sync() throws IOException {
    if (ufsOut != null) {
      ufsOut.flush();
    }
    response.onNext(WriteFileResponse.newBuilder().setLength(written).setSynced(true).build());
  }

  /** The temporary file of block {@code index}, started when the previous block is full. */
  private TempBlock blockAt(long index) throws IOException {
    if (blocks.size() == index + 1) {
      return blocks.get(blocks.size() - 1);
    }
    if (!blocks.isEmpty()) {
      blocks.get(blocks.size() - 1).close();
    }
    TempBlock block = store.createTemp(BlockIds.of(header.getFileId(), index));
    blocks.add(block);
    return block;
  }

  private WriteFileResponse complete() throws IOException {
    for (TempBlock block : blocks) {
      block.close();
    }
    String fingerprint = "";
    if (ufsOut != null) {
      UfsOutputStream published = ufsOut;
      ufsOut = null; // closed: nothing left to abort
      published.close();
      fingerprint = published.status().fingerprint();
    }
    for (TempBlock block : blocks) {
      store.commit(block, fingerprint);
    }
    if (fingerprint.isEmpty() && !blocks.isEmpty()) {
      reportBlocksNow.run(); // cache-only: the master acknowledges the file's completion once it knows of them
    }
    return WriteFileResponse.newBuilder().setLength(written).setFingerprint(fingerprint).build();
  }

  private void fail(Throwable t) {
    finish();
    abort();
    GrpcErrors.fail(response, t);
  }

  /** The stream is over: its writer's lease is no longer renewed. */
  private void finish() {
    finished = true;
    if (header != null) {
      writing.ended(header.getFileId());
    }
  }

  private void abort() {
    blocks.forEach(TempBlock::discard);
    if (header != null && cacheOnly()) {
      blocks.forEach(b -> store.remove(b.blockId()));
    }
    if (ufsOut != null) {
      try {
        ufsOut.abort();
      } catch (IOException e) {
        LOG.warn("Cannot abort the UFS write of {}: {}", describe(), e.toString());
      }
    }
  }

  /** Blocks that exist nowhere else once written: they reserve their room and are never evicted. */
  private boolean cacheOnly() {
    return writeType == WriteType.MUST_CACHE || writeType == WriteType.ASYNC_THROUGH;
  }

  private String describe() {
    if (header == null) {
      return "a file";
    }
    return header.getUfsUri().isEmpty() ? "file " + header.getFileId() : header.getUfsUri();
  }
}
