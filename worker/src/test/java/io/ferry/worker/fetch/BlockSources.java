package io.ferry.worker.fetch;

import io.ferry.proto.UfsBlockSource;
import io.ferry.ufs.UnderFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Block sources of a local UFS file as the master would send them: with the file's current fingerprint. */
final class BlockSources {
  private BlockSources() {}

  /** Block {@code index} of {@code blockSize} bytes of the file as it is now (mount 1). */
  static UfsBlockSource current(UnderFileSystem ufs, Path file, int index, int blockSize) throws IOException {
    return UfsBlockSource.newBuilder().setMountId(1).setUfsUri(file.toString())
        .setBlockStart((long) index * blockSize).setBlockLength(blockSize)
        .setFingerprint(ufs.getStatus(file.toString()).orElseThrow().fingerprint()).build();
  }

  /**
   * Replaces the file's content by a rename, as writers of a new version do:
   * a new inode, so a new fingerprint even within one tick of the file-time clock.
   */
  static void replace(Path file, byte[] content) throws IOException {
    Path next = Files.write(file.resolveSibling(file.getFileName() + ".next"), content);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
