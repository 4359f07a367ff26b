package io.ferry.cli;

import io.ferry.common.conf.FerryConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** One CLI run with captured output. */
public record CliRun(int exitCode, byte[] stdout, String stderr) {
  public static CliRun of(Supplier<FerryConfiguration> conf, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new FerryCli(conf, new PrintStream(out, true), new PrintStream(err, true),
        callerWith(env)).execute(args);
    return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  public static CliRun of(Supplier<FerryConfiguration> conf, String... args) {
    return of(conf, Map.of(), args);
  }

  /** A caller with this environment, no system properties, this directory and no terminal. */
  public static Caller callerWith(Map<String, String> env) {
    return new Caller(env, new Properties(), Path.of("").toAbsolutePath(), false);
  }

  public String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }
}
