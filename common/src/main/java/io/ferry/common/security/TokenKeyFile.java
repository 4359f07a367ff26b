package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key tokens are signed with (ferry.security.token.key.file): 32 random
 * bytes, base64, in a file only its owner may read. Reading it is what makes
 * an admin: {@code ferry admin token create} signs with it.
 */
public final class TokenKeyFile {
  private static final int KEY_BYTES = 32;

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
    try {
      byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      if (key.length < KEY_BYTES) {
        throw new ConfigurationException("Token key file " + file + " holds " + key.length + " bytes; at least "
            + KEY_BYTES + " are needed");
      }
      return key;
    } catch (AccessDeniedException e) {
      throw new ConfigurationException("Cannot read the token key file " + file
          + ": permission denied (only admins can sign tokens)");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("Cannot read the token key file " + file + ": " + e.getMessage());
    }
  }

  /** The key in {@code file}, generated first (readable by its owner only) if the file does not exist. */
  public static byte[] readOrCreate(Path file) {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      // made earlier (or by another master sharing it): use it
    } catch (IOException e) {
      throw new ConfigurationException("Cannot create the token key file " + file + ": " + e.getMessage());
    }
    return read(file);
  }
}
