package io.ferry.it.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command the way a user would, with a deadline: no hung test if the mount hangs. */
final class Shell {
  private Shell() {}

  record Result(int exitCode, String output, Duration elapsed) {}

  static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    return run(null, timeout, command);
  }

  static Result run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    // read in a thread so a chatty command cannot block on a full pipe
    StringBuilder out = new StringBuilder();
    Thread reader = new Thread(() -> {
      try {
        out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the process was killed
      }
    });
    reader.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
    }
    reader.join();
    return new Result(p.exitValue(), out.toString(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** Runs a command that must succeed; its output. */
  static String ok(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
    Result r = run(dir, timeout, command);
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }

  /** sh -c, for pipelines. */
  static String sh(Path dir, Duration timeout, String script) throws IOException, InterruptedException {
    return ok(dir, timeout, "sh", "-c", script);
  }
}
