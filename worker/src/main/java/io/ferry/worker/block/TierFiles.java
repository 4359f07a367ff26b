package io.ferry.worker.block;

import io.ferry.common.BlockChecksums;
import io.ferry.common.BlockChecksums.Checksum;
import io.ferry.common.BlockFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a tier directory: block files and their checksum sidecars.
 * Only files named like blocks are ever deleted, so a mistyped directory
 * does not lose unrelated files.
 */
final class TierFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TierFiles.class);

  private TierFiles() {}

  /** Deletes a block file and its sidecar; a failure is logged (the next start clears it). */
  static void delete(Path blockFile) {
    try {
      Files.deleteIfExists(blockFile);
      Files.deleteIfExists(BlockChecksums.sidecar(blockFile));
    } catch (IOException e) {
      LOG.warn("Cannot delete block file {}: {}", blockFile, e.toString());
    }
  }

  /** Deletes every file of a directory (a tier's tmp directory). */
  static void deleteAll(Path directory) throws IOException {
    deleteFiles(directory, name -> true);
  }

  /** Deletes every block file and sidecar of a tier directory (MEM at start). */
  static void deleteBlocks(Path directory) throws IOException {
    int deleted = deleteFiles(directory, name -> isBlock(name) || isSidecar(name) || isLeftover(name));
    if (deleted > 0) {
      LOG.info("Deleted {} stale block files from {}", deleted, directory);
    }
  }

  /**
   * The blocks of a persistent tier directory whose bytes match their
   * sidecar (length and CRC32C) and whose name matches the fingerprint it
   * records. Everything else named like a block (partial, corrupt, or without
   * a sidecar) is deleted.
   */
  static List<BlockMeta> recover(Path directory) throws IOException {
    List<BlockMeta> good = new ArrayList<>();
    int dropped = 0;
    for (Path file : list(directory)) {
      String name = file.getFileName().toString();
      if (isBlock(name)) {
        Optional<BlockMeta> meta = verified(file, name);
        if (meta.isPresent()) {
          good.add(meta.get());
        } else {
          delete(file);
          dropped++;
        }
      } else if (isLeftover(name) || isSidecar(name) && !Files.exists(directory.resolve(blockName(name)))) {
        Files.deleteIfExists(file); // a sidecar being written, or one whose block is gone
      }
    }
    if (dropped > 0) {
      LOG.warn("Dropped {} partial or corrupt block file(s) from {}", dropped, directory);
    }
    return good;
  }

  private static Optional<BlockMeta> verified(Path file, String name) {
    Optional<Checksum> checksum = BlockChecksums.read(file);
    if (checksum.isEmpty()) {
      return Optional.empty();
    }
    Checksum c = checksum.get();
    long blockId = Long.parseLong(name.substring(0, name.lastIndexOf('-')));
    if (!BlockFiles.fileName(blockId, c.fingerprint()).equals(name)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() != c.length() || BlockChecksums.crcOf(channel) != c.crc()) {
        LOG.warn("Block file {} does not match its checksum: dropped", file);
        return Optional.empty();
      }
    } catch (IOException e) {
      LOG.warn("Cannot read block file {}: {}", file, e.toString());
      return Optional.empty();
    }
    return Optional.of(new BlockMeta(blockId, c.length(), c.fingerprint(), file, c.crc()));
  }

  private static boolean isBlock(String name) {
    return BlockFiles.NAME.matcher(name).matches();
  }

  private static boolean isSidecar(String name) {
    return name.endsWith(BlockChecksums.SUFFIX) && isBlock(blockName(name));
  }

  /** A sidecar's temporary file (see BlockChecksums.write). */
  private static boolean isLeftover(String name) {
    return name.endsWith(BlockChecksums.SUFFIX + ".tmp") && isSidecar(name.substring(0, name.length() - 4));
  }

  private static String blockName(String sidecarName) {
    return sidecarName.substring(0, sidecarName.length() - BlockChecksums.SUFFIX.length());
  }

  private static int deleteFiles(Path directory, Predicate<String> nameFilter) throws IOException {
    int deleted = 0;
    for (Path f : list(directory)) {
      if (nameFilter.test(f.getFileName().toString())) {
        Files.delete(f);
        deleted++;
      }
    }
    return deleted;
  }

  private static List<Path> list(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path f : entries) {
        if (Files.isRegularFile(f)) {
          files.add(f);
        }
      }
    }
    return files;
  }
}
