package io.ferry.it;

import io.ferry.cli.bench.hosts.DelayingRelay;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link DelayingRelay} in a JVM of its own on a simulated host, stalled and resumed through its stdin. */
final class RelayProcess implements AutoCloseable {
  private final Process process;
  private final Writer commands;

  private RelayProcess(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** Starts a relay on {@code host} from {@code listen} ("host:port") to {@code target}, once it listens. */
  static RelayProcess start(ProcessHost host, String listen, String target, Duration oneWayDelay, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>(DaemonProcess.javaCommand(DelayingRelay.class.getName(), "logback.xml",
        Map.of()));
    cmd.addAll(List.of(listen, target, String.valueOf(oneWayDelay.toMillis())));
    Process p = new ProcessBuilder(host.command(cmd))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    String first = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (!"listening".equals(first)) {
      p.destroyForcibly();
      throw new IllegalStateException("the relay " + listen + " -> " + target + " did not start; see " + log);
    }
    return new RelayProcess(p);
  }

  void stall() throws IOException {
    send("stall");
  }

  void resume() throws IOException {
    send("resume");
  }

  private void send(String command) throws IOException {
    commands.write(command + "\n");
    commands.flush();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
