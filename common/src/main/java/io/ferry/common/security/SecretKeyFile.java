package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A signing key in a file: 32 random bytes, base64, readable by its owner
 * only. Tokens ({@link TokenKeyFile}) and block capabilities
 * ({@link BlockKeyFile}) each have one.
 */
final class SecretKeyFile {
  private static final int KEY_BYTES = 32;

  private final String name;
  private final String whenDenied;

  /**
   * @param name what the key is, for messages ("token key")
   * @param whenDenied why reading it may be refused, for the message then
   */
  SecretKeyFile(String name, String whenDenied) {
    this.name = name;
    this.whenDenied = whenDenied;
  }

  /** The key in {@code file}; fails with a clear message if it cannot be read. */
  byte[] read(Path file) {
    try {
      byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      if (key.length < KEY_BYTES) {
        throw new ConfigurationException("The " + name + " file " + file + " holds " + key.length
            + " bytes; at least " + KEY_BYTES + " are needed");
      }
      return key;
    } catch (AccessDeniedException e) {
      throw new ConfigurationException("Cannot read the " + name + " file " + file + ": permission denied ("
          + whenDenied + ")");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("Cannot read the " + name + " file " + file + ": " + e.getMessage());
    }
  }

  /** The key in {@code file}, generated first (readable by its owner only) if the file does not exist. */
  byte[] readOrCreate(Path file) {
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
      throw new ConfigurationException("Cannot create the " + name + " file " + file + ": " + e.getMessage());
    }
    return read(file);
  }
}
