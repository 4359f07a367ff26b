package io.ferry.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.cli.Caller;
import io.ferry.cli.FerryCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliDaemonTest {
  @TempDir Path dir;
  private Path socket;
  private Path jar;
  private CompletableFuture<Void> daemon;

  @BeforeEach
  void startDaemon() throws IOException {
    socket = dir.resolve("cli.sock");
    jar = Files.writeString(dir.resolve("ferry-cli.jar"), "built");
    daemon = serve(Duration.ofMinutes(5));
    awaitSocket();
  }

  @AfterEach
  void stopDaemon() throws IOException {
    Files.setLastModifiedTime(jar, FileTime.fromMillis(0)); // the next call stops it
    call(List.of("--version"), Map.of(), "/");
    daemon.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void aCommandAnswersAsItDoesInAJvmOfItsOwn() {
    Answer viaDaemon = call(List.of("--version"), Map.of(), "/");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = FerryCli.run(new String[] {"--version"}, new PrintStream(out, true), System.err,
        new Caller(Map.of(), new Properties(), Path.of("/"), false));
    assertThat(viaDaemon.code()).isEqualTo(code).isZero();
    assertThat(viaDaemon.stdout()).isEqualTo(out.toString(StandardCharsets.UTF_8)).startsWith("Ferry ");
  }

  @Test
  void aUsageErrorReachesTheCallersStderrAndExitCode() {
    Answer answer = call(List.of("fs", "no-such-command"), Map.of(), "/");

    assertThat(answer.code()).isEqualTo(2);
    assertThat(answer.stderr()).contains("Unmatched argument at index 1: 'no-such-command'");
  }

  @Test
  void theConfigurationComesFromTheCallersEnvironment() {
    Answer answer = call(List.of("fs", "ls", "/"), Map.of("FERRY_NO_SUCH_KEY", "1"), "/");

    assertThat(answer.code()).isEqualTo(1);
    assertThat(answer.stderr()).contains("Unknown configuration environment variable FERRY_NO_SUCH_KEY");
  }

  @Test
  void aRelativeLocalPathStartsFromTheCallersDirectory() {
    Answer answer = call(List.of("fs", "put", "no-such-file", "/x"), Map.of(), dir.toString());

    assertThat(answer.stderr()).isEqualTo("ferry: No such local file: " + dir.resolve("no-such-file") + "\n");
  }

  @Test
  void withNoDaemonListeningTheCallerIsToldToRunTheCommandItself() {
    CallRequest request = request(List.of("--version"), Map.of(), "/");

    assertThat(CliDaemonClient.call(dir.resolve("none.sock"), request, System.out, System.err))
        .isEqualTo(CliDaemonClient.NO_DAEMON);
  }

  @Test
  void afterARebuildTheDaemonSendsTheCallerBackAndExits() throws IOException {
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1));

    assertThat(call(List.of("--version"), Map.of(), "/").code()).isEqualTo(CliDaemonClient.NO_DAEMON);
    daemon.orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(socket).doesNotExist();
  }

  @Test
  void aSecondDaemonForTheSameSocketLeavesAtOnce() {
    serve(Duration.ofMinutes(5)).orTimeout(10, TimeUnit.SECONDS).join();

    assertThat(call(List.of("--version"), Map.of(), "/").code()).isZero();
  }

  @Test
  void anIdleDaemonRemovesItsSocketAndExits() throws IOException {
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1));
    call(List.of("--version"), Map.of(), "/");
    daemon.orTimeout(10, TimeUnit.SECONDS).join();
    jar = Files.writeString(dir.resolve("ferry-cli.jar"), "rebuilt");

    serve(Duration.ofSeconds(1)).orTimeout(10, TimeUnit.SECONDS).join();

    assertThat(socket).doesNotExist();
    daemon = CompletableFuture.completedFuture(null);
  }

  private CompletableFuture<Void> serve(Duration idle) {
    CliDaemon cliDaemon = new CliDaemon(socket, idle, BuildStamp.of(jar));
    return CompletableFuture.runAsync(() -> {
      try {
        cliDaemon.serve();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private void awaitSocket() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(socket) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(socket).exists();
  }

  private Answer call(List<String> args, Map<String, String> env, String workingDirectory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CliDaemonClient.call(socket, request(args, env, workingDirectory), out, err);
    return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static CallRequest request(List<String> args, Map<String, String> env, String workingDirectory) {
    return new CallRequest(args, env, Map.of(), workingDirectory, false);
  }

  private record Answer(int code, String stdout, String stderr) {}
}
