package io.ferry.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks block files against their CRC32C sidecar ({@link BlockChecksums})
 * before their bytes are served. A whole-block CRC on every open would cost a
 * pass over 64 MiB per small positioned read, so a file is checked again only
 * when it changed since its last good check: another inode, ctime or size
 * (any write to the file, a flipped byte included, moves its ctime).
 */
public final class VerifiedBlockFiles {
  private final Cache<Path, List<Object>> verified;

  /**
   * Remembers up to {@code maxFiles} good files. Caffeine's W-TinyLFU keeps a
   * stable share of a dataset read in passes larger than that, where an LRU
   * map would forget every file just before its next read.
   */
  public VerifiedBlockFiles(int maxFiles) {
    this.verified = Caffeine.newBuilder().maximumSize(maxFiles).build();
  }

  /** True if the file open as {@code channel} matches its sidecar. */
  public boolean check(Path file, FileChannel channel) throws IOException {
    List<Object> identity = identity(file); // before the CRC: a change during the check shows next time
    if (identity.equals(verified.getIfPresent(file))) {
      return true;
    }
    if (!BlockChecksums.matches(file, channel)) {
      verified.invalidate(file);
      return false;
    }
    verified.put(file, identity);
    return true;
  }

  /** True if the file was found good and has not changed since: no need to read it to know. */
  public boolean knownGood(Path file) throws IOException {
    return identity(file).equals(verified.getIfPresent(file));
  }

  private static List<Object> identity(Path file) throws IOException {
    Map<String, Object> a = Files.readAttributes(file, "unix:ino,ctime,size");
    return List.of(a.get("ino"), a.get("ctime"), a.get("size"));
  }
}
