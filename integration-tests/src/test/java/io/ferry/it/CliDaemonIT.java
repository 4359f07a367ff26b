package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/ferry's client commands through the user's CLI daemon, each command a
 * process of its own as a shell runs it: the first command starts the daemon,
 * the next ones are answered by it, and they answer as a JVM of their own does.
 */
class CliDaemonIT {
  private static final Path FERRY = Path.of("..", "bin", "ferry").toAbsolutePath().normalize();

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private Path runtimeDir;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1).start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @BeforeEach
  void privateRuntimeDirectory() throws IOException {
    // the daemon's socket goes to $XDG_RUNTIME_DIR: this test's own, so it meets no other daemon
    runtimeDir = Files.createTempDirectory(dir, "run");
  }

  @AfterEach
  void stopDaemon() {
    daemon().ifPresent(ProcessHandle::destroyForcibly);
  }

  @Test
  void theFirstCommandStartsTheDaemonThatAnswersTheNext() throws Exception {
    ferry(dir, "fs", "mkdir", "/started");
    ProcessHandle daemon = awaitDaemon();

    assertThat(ferry(dir, "fs", "ls", "/")).contains("started");
    assertThat(daemon().map(ProcessHandle::pid)).contains(daemon.pid());
  }

  @Test
  void aDaemonAnswersAsAJvmOfTheCommandsOwn() throws Exception {
    ferry(dir, "fs", "mkdir", "/same");
    awaitDaemon();

    assertThat(ferry(dir, "fs", "ls", "/")).isEqualTo(ferryWithoutDaemon("fs", "ls", "/"));
    assertThat(run(dir, Map.of(), "fs", "cat", "/no/such/file"))
        .isEqualTo(run(dir, Map.of("FERRY_CLI_DAEMON", "0"), "fs", "cat", "/no/such/file"));
  }

  @Test
  void aRelativeLocalPathStartsFromTheDirectoryOfTheShell() throws Exception {
    Path shellDir = Files.createDirectories(dir.resolve("shell"));
    Files.writeString(shellDir.resolve("notes.txt"), "relative to the shell");
    ferry(dir, "fs", "ls", "/");
    awaitDaemon();

    ferry(shellDir, "fs", "put", "notes.txt", "/notes.txt");
    ferry(shellDir, "fs", "get", "/notes.txt", "copy.txt");

    assertThat(shellDir.resolve("copy.txt")).hasContent("relative to the shell");
  }

  @Test
  void aKilledDaemonIsReplacedWithoutACommandFailing() throws Exception {
    ferry(dir, "fs", "mkdir", "/before-kill");
    ProcessHandle killed = awaitDaemon();
    killed.destroyForcibly();
    killed.onExit().get(30, TimeUnit.SECONDS);

    assertThat(ferry(dir, "fs", "ls", "/")).contains("before-kill");
    assertThat(awaitDaemon().pid()).isNotEqualTo(killed.pid());
  }

  @Test
  void aCommandWhoseOutputIsClosedKeepsItsExitCode() throws Exception {
    ferry(dir, "fs", "mkdir", "/closed-output");
    awaitDaemon();

    // like `ferry fs ls / | grep -q x`, whose grep exits at its first match
    ProcessBuilder pb = new ProcessBuilder(command("fs", "ls", "/")).directory(dir.toFile());
    pb.environment().putAll(environment());
    Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getInputStream().close();

    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  /** The master streams a listing in pages of 1000 and the command prints a page at a time. */
  @Test
  void aListingOfSeveralPagesComesWholeInOrderOnceEach() throws Exception {
    Path big = Files.createDirectories(cluster.rootUfs().resolve("several-pages"));
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      names.add(String.format("f%05d", i));
      Files.createFile(big.resolve(names.get(i)));
    }
    ferry(dir, "fs", "ls", "/");
    awaitDaemon();

    String listing = ferry(dir, "fs", "ls", "/several-pages");

    assertThat(listing.lines().map(line -> line.substring(line.lastIndexOf(' ') + 1))).containsExactlyElementsOf(names);
    assertThat(listing).isEqualTo(ferryWithoutDaemon("fs", "ls", "/several-pages"));
  }

  @Test
  void withFerryCliDaemonZeroNoDaemonStarts() throws Exception {
    ferryWithoutDaemon("fs", "ls", "/");
    ferryWithoutDaemon("fs", "ls", "/");

    assertThat(daemon()).isEmpty();
  }

  private String ferry(Path workingDir, String... args) throws Exception {
    Result r = run(workingDir, Map.of(), args);
    assertThat(r.code()).as("ferry %s: %s", String.join(" ", args), r.stderr()).isZero();
    return r.stdout();
  }

  private String ferryWithoutDaemon(String... args) throws Exception {
    Result r = run(dir, Map.of("FERRY_CLI_DAEMON", "0"), args);
    assertThat(r.code()).as("ferry %s: %s", String.join(" ", args), r.stderr()).isZero();
    return r.stdout();
  }

  private record Result(int code, String stdout, String stderr) {}

  private Result run(Path workingDir, Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(workingDir.toFile());
    pb.environment().putAll(environment());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "ferry", ".out");
    Path err = Files.createTempFile(dir, "ferry", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ferry " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** This test's runtime directory and cluster, and the tree the Maven run has built. */
  private Map<String, String> environment() {
    return Map.of("XDG_RUNTIME_DIR", runtimeDir.toString(), "FERRY_SKIP_BUILD", "1",
        "FERRY_MASTER_HOSTNAME", "localhost", "FERRY_MASTER_RPC_PORT", String.valueOf(cluster.masterPort()));
  }

  private static List<String> command(String... args) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(FERRY.toString()), List.of(args).stream())
        .toList();
  }

  /** The daemon whose socket is in this test's runtime directory. */
  private Optional<ProcessHandle> daemon() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("CliDaemon " + runtimeDir))
        .findFirst();
  }

  private ProcessHandle awaitDaemon() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> daemon = daemon();
      try (var sockets = Files.list(runtimeDir.resolve("ferry-cli-" + uid()))) {
        if (daemon.isPresent() && sockets.anyMatch(s -> s.toString().endsWith(".sock"))) {
          return daemon.get();
        }
      } catch (java.nio.file.NoSuchFileException e) {
        // not created yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no CLI daemon started in " + runtimeDir);
  }

  private static String uid() throws IOException {
    return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }
}
