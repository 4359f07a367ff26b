package io.ferry.cli;

import io.ferry.common.conf.FerryConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** One CLI run with captured output. */
public record CliRun(int exitCode, byte[] stdout, String stderr) {
  public static CliRun of(Supplier<FerryConfiguration> conf, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new FerryCli(conf, new PrintStream(out, true), new PrintStream(err, true), env).execute(args);
    return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  public static CliRun of(Supplier<FerryConfiguration> conf, String... args) {
    return of(conf, Map.of(), args);
  }

  public String out() {
    return new String(stdout, StandardCharsets.UTF_8);
  }
}
