package io.ferry.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;

/**
 * The block files a client keeps mapped for short-circuit reads, shared by
 * all its readers and kept across opens. A read from a mapping is a plain
 * memory copy; a {@code pread} from the page cache costs two to three times
 * as much per byte on virtual machines (per-page lookups in the kernel). A
 * mapping's pages fault in once, at its first read, so short-lived mappings
 * would pay that again and again: these live until {@link #IDLE} without a
 * read, or until the capacity (bytes mapped) pushes out the least recently
 * used. Blocks under {@link #MIN_BLOCK_BYTES} (small files, read once) are
 * read with {@code pread}.
 */
final class BlockMappings implements AutoCloseable {
  static final int MIN_BLOCK_BYTES = 1 << 20;
  /** Also bounds how long the pages of a block the worker deleted stay mapped. */
  static final Duration IDLE = Duration.ofSeconds(60);

  /** One version of one block file: a worker that replaces it makes a new inode or mtime. */
  private record Version(Path file, Object fileKey, FileTime modified, int length) {}

  private final Cache<Version, MappedBlock> mapped;
  private final boolean enabled;

  BlockMappings(long capacityBytes) {
    this.enabled = capacityBytes >= MIN_BLOCK_BYTES;
    this.mapped = Caffeine.newBuilder()
        .maximumWeight(Math.max(0, capacityBytes))
        .weigher((Version v, MappedBlock m) -> v.length())
        .expireAfterAccess(IDLE)
        .scheduler(Scheduler.systemScheduler())
        .executor(Runnable::run) // an unmap is one system call: no need for another thread
        .<Version, MappedBlock>removalListener((v, m, cause) -> m.release())
        .build();
  }

  /**
   * The mapping of {@code file} (open as {@code channel}) with a reference
   * for the caller to release, or empty when the block is read with pread.
   */
  Optional<MappedBlock> acquire(Path file, FileChannel channel, int length) throws IOException {
    if (!enabled || length < MIN_BLOCK_BYTES) {
      return Optional.empty();
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Version version = new Version(file, attributes.fileKey(), attributes.lastModifiedTime(), length);
    while (true) {
      MappedBlock block;
      try {
        block = mapped.get(version, v -> map(channel, length));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      if (block.retain()) {
        return Optional.of(block);
      }
      mapped.asMap().remove(version, block); // its last reference went a moment ago: map it again
    }
  }

  private static MappedBlock map(FileChannel channel, int length) {
    try {
      return new MappedBlock(channel.map(FileChannel.MapMode.READ_ONLY, 0, length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    mapped.invalidateAll();
    mapped.cleanUp();
  }
}
