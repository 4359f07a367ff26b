package io.ferry.cli;

import io.ferry.common.conf.FerryConfiguration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Who runs a command: the environment and system properties its configuration
 * comes from, the directory relative local paths start from, and whether its
 * output goes to a terminal. The JVM's own for a command run in its own JVM;
 * the shell's that typed it for a command run by the CLI daemon.
 */
public record Caller(Map<String, String> env, Properties properties, Path workingDirectory, boolean terminal) {
  /** This JVM's environment, properties, directory and console. */
  public static Caller thisProcess() {
    return new Caller(System.getenv(), System.getProperties(), Path.of("").toAbsolutePath(),
        System.console() != null);
  }

  /** The configuration from the site file, the caller's FERRY_* variables and -Dferry.* flags. */
  public FerryConfiguration configuration() {
    return FerryConfiguration.load(env, properties);
  }
}
