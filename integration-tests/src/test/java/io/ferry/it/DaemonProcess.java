package io.ferry.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Ferry daemon (master or worker) in a JVM of its own, as in production. */
public final class DaemonProcess {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private final String name;
  private final String classpath;
  private final String mainClass;
  private final Map<String, String> properties;
  private final Path logFile;
  private final ProcessHost host;
  private Process process;

  String name() {
    return name;
  }

  DaemonProcess(String name, String classpath, String mainClass, Map<String, String> properties, Path logDir) {
    this(ProcessHost.LOCAL, name, classpath, mainClass, properties, logDir);
  }

  DaemonProcess(ProcessHost host, String name, String classpath, String mainClass, Map<String, String> properties,
      Path logDir) {
    this.host = host;
    this.name = name;
    this.classpath = classpath;
    this.mainClass = mainClass;
    this.properties = properties;
    this.logFile = logDir.resolve(name + ".log");
  }

  /** The command line of a JVM running {@code mainClass} on the test class path. */
  public static List<String> javaCommand(String mainClass, String logbackConfig, Map<String, String> properties) {
    return javaCommand(System.getProperty("java.class.path"), mainClass, logbackConfig, properties);
  }

  /**
   * The class path bin/ferry runs a module with: its classes and its runtime
   * libraries (target/lib), for tests whose own class path is not Ferry's.
   */
  public static String moduleClasspath(String module) {
    Path target = REPO.resolve(module).resolve("target");
    return target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib").resolve("*");
  }

  static List<String> javaCommand(String classpath, String mainClass, String logbackConfig,
      Map<String, String> properties) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    // The suite starts hundreds of short-lived JVMs on two cores: C1 only and the serial collector cost
    // about 40 % less CPU (TtlIT: 77 s against 48 s) and change nothing a test checks.
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"));
    cmd.add("-Djdk.httpclient.allowRestrictedHeaders=content-length");
    cmd.add("-Dlogback.configurationFile=" + REPO.resolve("conf").resolve(logbackConfig));
    properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    return cmd;
  }

  void start() throws IOException {
    Files.createDirectories(logFile.getParent());
    process = new ProcessBuilder(host.command(javaCommand(classpath, mainClass, "logback.xml", properties)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
  }

  /** Waits until the daemon accepts connections on its port, failing early if it died. */
  void awaitPort(int port, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " at start; log:\n"
            + Files.readString(logFile));
      }
      if (host.accepts(port)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " does not listen on " + port + " after " + timeout
            + "; log:\n" + Files.readString(logFile));
      }
      Thread.sleep(100);
    }
  }

  /** kill -9: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL if it does not exit in 10 s. */
  void stop() throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path logFile() {
    return logFile;
  }
}
