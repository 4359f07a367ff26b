package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The key tokens are signed with (ferry.security.token.key.file): 32 random
 * bytes, base64, in a file only its owner may read. Reading it is what makes
 * an admin: {@code ferry admin token create} signs with it.
 */
public final class TokenKeyFile {
  private static final SecretKeyFile FILE = new SecretKeyFile("token key", "only admins can sign tokens");

  private TokenKeyFile() {}

  /** The configured key file; fails naming the key when none is configured. */
  public static Path of(FerryConfiguration conf) {
    String file = conf.getString(PropertyKey.SECURITY_TOKEN_KEY_FILE).trim();
    if (file.isEmpty()) {
      throw new ConfigurationException("Token authentication needs a signing key: set '"
          + PropertyKey.SECURITY_TOKEN_KEY_FILE + "' to a file only the masters' user and admins can read");
    }
    return Paths.get(file);
  }

  /** The key in {@code file}; fails with a clear message if it cannot be read (not an admin). */
  public static byte[] read(Path file) {
    return FILE.read(file);
  }

  /** The key in {@code file}, generated first (readable by its owner only) if the file does not exist. */
  public static byte[] readOrCreate(Path file) {
    return FILE.readOrCreate(file);
  }
}
