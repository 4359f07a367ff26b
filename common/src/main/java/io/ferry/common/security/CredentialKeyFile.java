package io.ferry.common.security;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The key mount credentials are encrypted with in the masters' metastores
 * and journals (ferry.security.secret.key.file): masters only. A master
 * creates it when missing.
 */
public final class CredentialKeyFile {
  private static final SecretKeyFile FILE =
      new SecretKeyFile("secret key", "the masters' user must be able to read it");

  private CredentialKeyFile() {}

  /** The configured file; empty when none is (mounts with credentials are refused then). */
  public static Optional<Path> of(FerryConfiguration conf) {
    String file = conf.getString(PropertyKey.SECURITY_SECRET_KEY_FILE).trim();
    return file.isEmpty() ? Optional.empty() : Optional.of(Path.of(file));
  }

  /** The key in {@code file}, generated first (readable by its owner only) if the file does not exist. */
  public static byte[] readOrCreate(Path file) {
    return FILE.readOrCreate(file);
  }
}
