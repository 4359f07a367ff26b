package io.ferry.it;

import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the `ferry` command line client as a process of its own, the way users run it. */
final class FerryCli {
  private final ProcessHost host;
  private final Map<String, String> properties;
  private final Path scratch;
  private final String classpath;
  /** What the command runs under (e.g. setpriv as another user); empty for none. */
  private final List<String> runAs;

  FerryCli(int masterPort, Path scratch) {
    this(ProcessHost.LOCAL, Map.of(PropertyKey.MASTER_HOSTNAME.name(), "localhost",
        PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(masterPort)), scratch);
  }

  /** The CLI run on {@code host} with these -D settings. */
  FerryCli(ProcessHost host, Map<String, String> properties, Path scratch) {
    this(host, properties, scratch, System.getProperty("java.class.path"), List.of());
  }

  private FerryCli(ProcessHost host, Map<String, String> properties, Path scratch, String classpath,
      List<String> runAs) {
    this.host = host;
    this.properties = properties;
    this.scratch = scratch;
    this.classpath = classpath;
    this.runAs = runAs;
  }

  /** The same CLI with one more -D setting. */
  FerryCli withProperty(String name, String value) {
    Map<String, String> p = new java.util.LinkedHashMap<>(properties);
    p.put(name, value);
    return new FerryCli(host, p, scratch, classpath, runAs);
  }

  /**
   * The same CLI run as local user {@code user} (runuser: the tests run as
   * root), from the built modules: the test's own class path is in root's
   * private Maven repository.
   */
  FerryCli asUser(String user) {
    return new FerryCli(host, properties, scratch, DaemonProcess.moduleClasspath("cli"),
        List.of("runuser", "-u", user, "--"));
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command that must succeed; its stdout. */
  String ok(String... args) throws IOException, InterruptedException {
    Result r = run(args);
    if (r.exitCode() != 0) {
      throw new AssertionError("ferry " + String.join(" ", args) + " exited " + r.exitCode() + ": " + r.stderr());
    }
    return r.stdout();
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(runAs);
    cmd.addAll(DaemonProcess.javaCommand(classpath, "io.ferry.cli.FerryCli", "logback-cli.xml", properties));
    cmd.addAll(List.of(args));
    Files.createDirectories(scratch);
    Path out = Files.createTempFile(scratch, "cli", ".out");
    Path err = Files.createTempFile(scratch, "cli", ".err");
    Process p = new ProcessBuilder(host.command(cmd))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("ferry " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
