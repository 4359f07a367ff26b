package io.ferry.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `ferry fuse MOUNTPOINT` on a simulated host. `hosts.sh exec` gives the
 * process a mount namespace of its own, so the mount is seen only there:
 * commands on the mount run in that namespace ({@code nsenter}), and the
 * mount goes away with the process.
 */
final class FuseOnHost implements AutoCloseable {
  private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(60);

  /** A command run on the mount: its exit code, output and how long it took. */
  record Result(int exitCode, String stdout, String stderr, Duration took) {}

  private final Path mountPoint;
  private final Path log;
  private final Process process;

  private FuseOnHost(Path mountPoint, Path log, Process process) {
    this.mountPoint = mountPoint;
    this.log = log;
    this.process = process;
  }

  /** Mounts Ferry at {@code mountPoint} on {@code host} with these -D settings; returns once it is mounted. */
  static FuseOnHost mount(ProcessHost host, Map<String, String> properties, Path mountPoint, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    Files.createDirectories(log.getParent());
    List<String> cmd = new ArrayList<>(DaemonProcess.javaCommand("io.ferry.cli.FerryCli", "logback.xml", properties));
    cmd.addAll(List.of("fuse", mountPoint.toString()));
    // every exec down to java replaces the process: its pid is the mount's
    Process p = new ProcessBuilder(host.command(cmd)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    FuseOnHost fuse = new FuseOnHost(mountPoint, log, p);
    long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
    while (!fuse.mounted()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        fuse.close();
        throw new IllegalStateException("ferry fuse did not mount " + mountPoint + "; log:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return fuse;
  }

  private boolean mounted() throws IOException {
    Path mountInfo = Path.of("/proc", String.valueOf(process.pid()), "mountinfo");
    return Files.exists(mountInfo) && Files.readAllLines(mountInfo).stream()
        .anyMatch(line -> line.split(" ")[4].equals(mountPoint.toString()) && line.contains(" fuse"));
  }

  Path dir() {
    return mountPoint;
  }

  /** Runs {@code command} in the mount's namespace, killed after {@code limit}. */
  Result run(Duration limit, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", String.valueOf(process.pid()), "-m", "--",
        "timeout", "-s", "KILL", limit.toMillis() / 1000.0 + "s"));
    cmd.addAll(List.of(command));
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err,
        Duration.ofNanos(System.nanoTime() - start));
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
