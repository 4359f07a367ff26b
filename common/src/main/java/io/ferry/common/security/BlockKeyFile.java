package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The key block capabilities are signed with (ferry.security.block.key.file):
 * masters sign with it, workers check with it, clients never see it. A
 * master creates it when missing; a worker only reads it.
 */
public final class BlockKeyFile {
  private static final SecretKeyFile FILE =
      new SecretKeyFile("block key", "the masters' and workers' user must be able to read it");

  private BlockKeyFile() {}

  /** A master's: the configured file's key, created first when missing. */
  public static byte[] readOrCreate(FerryConfiguration conf) {
    return FILE.readOrCreate(of(conf));
  }

  /** A worker's: the configured file's key, which the masters made. */
  public static byte[] read(FerryConfiguration conf) {
    return FILE.read(of(conf));
  }

  private static Path of(FerryConfiguration conf) {
    String file = conf.getString(PropertyKey.SECURITY_BLOCK_KEY_FILE).trim();
    if (file.isEmpty()) {
      throw new ConfigurationException("Authentication " + AuthenticationType.of(conf) + " needs a key to sign "
          + "block capabilities with: set '" + PropertyKey.SECURITY_BLOCK_KEY_FILE + "' on every master and worker "
          + "to one file only their user can read (a master creates it when missing)");
    }
    return Paths.get(file);
  }
}
