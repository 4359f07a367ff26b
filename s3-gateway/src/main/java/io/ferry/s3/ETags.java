package io.ferry.s3;

import io.ferry.client.PathStatus;

/**
 * The ETag of a file: a hash of its id, length, modification time and
 * under-storage fingerprint, quoted. It stays the same while the file is
 * unchanged and changes when the file is rewritten (not an MD5 of the bytes).
 */
public final class ETags {
  private ETags() {}

  public static String of(PathStatus file) {
    String identity = file.id() + ":" + file.length() + ":" + file.mtimeMs() + ":" + file.fingerprint();
    return "\"" + SigV4Signer.sha256Hex(identity).substring(0, 32) + "\"";
  }
}
