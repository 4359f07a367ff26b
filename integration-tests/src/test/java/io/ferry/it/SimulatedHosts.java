package io.ferry.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Simulated hosts on this machine (integration-tests/scripts/hosts.sh): each a
 * network namespace with its own address and host name on one isolated
 * bridge. Root only. The hosts are removed on {@link #close()}, and by a
 * shutdown hook if the test JVM is stopped before.
 */
final class SimulatedHosts implements AutoCloseable {
  private static final Path SCRIPT =
      Path.of("..").toAbsolutePath().normalize().resolve("integration-tests/scripts/hosts.sh");

  private final String prefix;
  private final List<String> names;
  private final Thread removeAtExit;

  private SimulatedHosts(String prefix, List<String> names) {
    this.prefix = prefix;
    this.names = names;
    this.removeAtExit = new Thread(this::down, "simulated-hosts-down");
    Runtime.getRuntime().addShutdownHook(removeAtExit);
  }

  /** Why simulated hosts cannot be made here, if they cannot (tests skip with this reason). */
  static Optional<String> unavailableReason() throws IOException {
    if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
      return Optional.of("simulated hosts need root (network namespaces and a bridge); CI runs as root");
    }
    return Optional.empty();
  }

  /** Makes hosts 1..n, with a prefix of this JVM's own so test JVMs running side by side do not collide. */
  static SimulatedHosts up(int n) throws IOException, InterruptedException {
    String prefix = "it" + ProcessHandle.current().pid() % 1_000_000;
    List<String> names = new ArrayList<>();
    for (String line : run(prefix, "up", String.valueOf(n)).split("\n")) {
      names.add(line.split(" ")[0]);
    }
    return new SimulatedHosts(prefix, names);
  }

  /** Host {@code i}, counted from 1, as it is known to the others. */
  String name(int i) {
    return names.get(i - 1);
  }

  /** Host {@code i}, where processes start. */
  ProcessHost host(int i) {
    String name = name(i);
    return new ProcessHost() {
      @Override
      public List<String> command(List<String> command) {
        List<String> onHost = new ArrayList<>(List.of("env", "SIM_HOSTS_PREFIX=" + prefix, SCRIPT.toString(),
            "exec", name));
        onHost.addAll(command);
        return onHost;
      }

      @Override
      public boolean accepts(int port) {
        try {
          run(prefix, "exec", name, "bash", "-c", "exec 3<>/dev/tcp/" + name + "/" + port);
          return true;
        } catch (IOException | InterruptedException | IllegalStateException notYet) {
          return false;
        }
      }
    };
  }

  /** Cuts host {@code i}'s link, silently: its veth goes down, or is taken off the bridge. */
  void cut(int i, boolean offBridge) throws IOException, InterruptedException {
    if (offBridge) {
      run(prefix, "cut", name(i), "--off-bridge");
    } else {
      run(prefix, "cut", name(i));
    }
  }

  /** Cuts hosts {@code i} and {@code other} off from each other only, silently both ways. */
  void cutBetween(int i, int other) throws IOException, InterruptedException {
    run(prefix, "cut", name(i), "--from", name(other));
  }

  /** Puts host {@code i}'s link back and lifts the cuts between it and other hosts. */
  void heal(int i) throws IOException, InterruptedException {
    run(prefix, "heal", name(i));
  }

  /** Limits host {@code i}'s link to {@code rate} both ways (tc syntax, e.g. "200mbit"; "off" lifts it). */
  void shape(int i, String rate) throws IOException, InterruptedException {
    run(prefix, "shape", name(i), rate);
  }

  /** Bytes host {@code i} has received over its link so far. */
  long bytesReceived(int i) throws IOException, InterruptedException {
    return Long.parseLong(run(prefix, "traffic", name(i)).trim().split(" ")[0]);
  }

  @Override
  public void close() {
    down();
    Runtime.getRuntime().removeShutdownHook(removeAtExit);
  }

  private void down() {
    try {
      run(prefix, "down");
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("could not remove the simulated hosts " + prefix + "-*", e);
    }
  }

  /** Runs hosts.sh; its standard output, or an exception with its error output. */
  private static String run(String prefix, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SIM_HOSTS_PREFIX", prefix);
    Process p = pb.redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("hosts.sh " + String.join(" ", args) + " failed: " + err);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
