package io.ferry.it.fuse;

import io.ferry.common.conf.PropertyKey;
import io.ferry.fuse.MountPoints;
import io.ferry.it.DaemonProcess;
import io.ferry.it.FerryCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** `ferry fuse MOUNTPOINT` as a process of its own, against a test cluster. */
final class FuseMountProcess implements AutoCloseable {
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(60);

  private final Path mountPoint;
  private final Path logFile;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private final int webPort;
  private Process process;

  FuseMountProcess(FerryCluster cluster, Path mountPoint) throws IOException {
    this.mountPoint = mountPoint;
    this.logFile = cluster.logDir().resolve("fuse-" + mountPoint.getFileName() + ".log");
    properties.put(PropertyKey.MASTER_HOSTNAME.name(), "localhost");
    properties.put(PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(cluster.masterPort()));
    this.webPort = FerryCluster.freePort();
    properties.put(PropertyKey.FUSE_WEB_PORT.name(), String.valueOf(webPort));
  }

  FuseMountProcess property(String name, String value) {
    properties.put(name, value);
    return this;
  }

  Path dir() {
    return mountPoint;
  }

  /** The port of the mount's /metrics, /healthz and /readyz. */
  int webPort() {
    return webPort;
  }

  /** Starts the process and waits until the kernel lists the mount. */
  FuseMountProcess start() throws IOException, InterruptedException {
    Files.createDirectories(logFile.getParent());
    List<String> cmd = new java.util.ArrayList<>(
        DaemonProcess.javaCommand("io.ferry.cli.FerryCli", "logback.xml", properties));
    cmd.add("fuse");
    cmd.add(mountPoint.toString());
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
    while (!(MountPoints.isMounted(mountPoint) && !MountPoints.isStale(mountPoint))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("ferry fuse did not mount " + mountPoint + "; log:\n" + Files.readString(logFile));
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** SIGTERM; the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("ferry fuse ignored SIGTERM for 30 s");
    }
    return process.exitValue();
  }

  /** kill -9: the mount stays behind, stale. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  String log() throws IOException {
    return Files.readString(logFile);
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) {
      stop();
    }
    if (MountPoints.isMounted(mountPoint)) {
      MountPoints.unmount(mountPoint);
    }
  }
}
