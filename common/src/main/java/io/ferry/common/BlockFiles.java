package io.ferry.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names of cached block files in a worker's tier directories, shared by the
 * worker (which writes them) and short-circuit clients (which open them
 * without asking). The name carries the block id and a hash of the UFS
 * fingerprint the bytes were read from, and a block file only appears under
 * its name by an atomic rename once complete: so a file found under the name
 * a client expects is a complete copy of the current bytes, never a stale one.
 */
public final class BlockFiles {
  /** Matches every name {@link #fileName} makes. */
  public static final Pattern NAME = Pattern.compile("-?\\d+-[0-9a-f]{16}");
  private static final int HASH_BYTES = 8;

  private BlockFiles() {}

  /** {@code <blockId>-<16 hex digits of SHA-256(fingerprint)>}; fingerprint "" for unpersisted blocks. */
  public static String fileName(long blockId, String fingerprint) {
    return blockId + "-" + HexFormat.of().formatHex(sha256(fingerprint), 0, HASH_BYTES);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
