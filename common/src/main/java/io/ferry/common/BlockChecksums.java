package io.ferry.common;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32C;

/**
 * The CRC32C of a cached block, kept beside its file as {@code <block file>.crc}
 * (shared by the worker, which writes it, and short-circuit clients, which
 * check it). The sidecar also holds the block's length and UFS fingerprint,
 * so a worker restarted with persistent blocks knows what each file is. It
 * is written before the block file is renamed into place, so a block file
 * without a sidecar is partial or left over.
 */
public final class BlockChecksums {
  public static final String SUFFIX = ".crc";
  private static final int MAP_BYTES = 64 << 20;

  /** What the sidecar records. */
  public record Checksum(long crc, long length, String fingerprint) {}

  private BlockChecksums() {}

  public static Path sidecar(Path blockFile) {
    return blockFile.resolveSibling(blockFile.getFileName() + SUFFIX);
  }

  /** Writes the sidecar of {@code blockFile} atomically (temporary file, then rename). */
  public static void write(Path blockFile, Checksum checksum) throws IOException {
    Properties p = new Properties();
    p.setProperty("crc32c", Long.toHexString(checksum.crc()));
    p.setProperty("length", Long.toString(checksum.length()));
    p.setProperty("fingerprint", checksum.fingerprint());
    Path target = sidecar(blockFile);
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, null);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The sidecar of {@code blockFile}; empty if it is missing or unreadable. */
  public static Optional<Checksum> read(Path blockFile) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(sidecar(blockFile), StandardCharsets.UTF_8)) {
      p.load(r);
      return Optional.of(new Checksum(Long.parseUnsignedLong(p.getProperty("crc32c"), 16),
          Long.parseLong(p.getProperty("length")), p.getProperty("fingerprint", "")));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The CRC32C of the whole file behind {@code channel}, read through mappings,
   * each unmapped at once (a mapping left to the garbage collector would keep
   * the memory of a tmpfs file deleted meanwhile).
   */
  public static long crcOf(FileChannel channel) throws IOException {
    CRC32C crc = new CRC32C();
    long size = channel.size();
    for (long pos = 0; pos < size; pos += MAP_BYTES) {
      MappedByteBuffer range = channel.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(MAP_BYTES, size - pos));
      crc.update(range);
      MappedBuffers.unmap(range);
    }
    return crc.getValue();
  }

  /** The CRC32C of the bytes left in {@code bytes} (its position is not moved). */
  public static long crcOf(ByteBuffer bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes.duplicate());
    return crc.getValue();
  }

  /** True if {@code channel}'s file has the length and CRC32C its sidecar records. */
  public static boolean matches(Path blockFile, FileChannel channel) throws IOException {
    Optional<Checksum> expected = read(blockFile);
    return expected.isPresent() && channel.size() == expected.get().length()
        && crcOf(channel) == expected.get().crc();
  }
}
