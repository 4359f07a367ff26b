package io.ferry.worker.replication;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.PersistFileRequest;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.worker.block.BlockMeta;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.fetch.UfsResolver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A persist job's write (ASYNC_THROUGH): a file's cached blocks, checked
 * against their CRC32C, written in order to one under-storage stream, which
 * publishes the file whole when it is closed (a temporary name or a
 * multipart upload until then), so the under storage never shows part of it.
 */
public final class FilePersister {
  private static final int BUFFER = 1 << 20;

  private final BlockStore store;
  private final UfsResolver ufs;

  public FilePersister(BlockStore store, UfsResolver ufs) {
    this.store = store;
    this.ufs = ufs;
  }

  /** Writes the file; returns its under-storage fingerprint. */
  public String persist(PersistFileRequest file) throws IOException {
    UfsOutputStream out = ufs.forMount(file.getMountId()).create(file.getUfsUri(), true);
    try {
      long written = 0;
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      for (long blockId : file.getBlockIdsList()) {
        written += copyBlock(blockId, buffer, out, file.getUfsUri());
      }
      if (written != file.getLength()) {
        throw new FerryException(ErrorCode.DATA_LOST, "The cached blocks of " + file.getUfsUri() + " hold "
            + written + " bytes, the file " + file.getLength());
      }
      UfsOutputStream published = out;
      out = null;
      published.close();
      return published.status().fingerprint();
    } finally {
      if (out != null) {
        out.abort();
      }
    }
  }

  private long copyBlock(long blockId, ByteBuffer buffer, UfsOutputStream out, String uri) throws IOException {
    BlockMeta block = store.get(blockId).orElseThrow(() -> new FerryException(ErrorCode.DATA_LOST,
        "Block " + blockId + " of " + uri + " is not cached on this worker"));
    CRC32C crc = new CRC32C();
    long copied = 0;
    try (FileChannel channel = FileChannel.open(block.path(), StandardOpenOption.READ)) {
      while (copied < block.length()) {
        buffer.clear();
        int n = channel.read(buffer, copied);
        if (n < 0) {
          break;
        }
        crc.update(buffer.array(), 0, n);
        out.write(buffer.array(), 0, n);
        copied += n;
      }
    }
    if (copied != block.length() || crc.getValue() != block.crc()) {
      throw new FerryException(ErrorCode.DATA_LOST, "Cached block " + blockId + " of " + uri
          + " does not match its checksum");
    }
    return copied;
  }
}
