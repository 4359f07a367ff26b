package io.ferry.cli.bench.hosts;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Simulated hosts of integration-tests/scripts/hosts.sh (network namespaces on
 * an isolated bridge), driven from Java: commands run on a host, its link
 * shaped, and everything removed at close, processes included.
 */
final class TestBedHosts implements AutoCloseable {
  private final Path script;
  private final String prefix;

  private TestBedHosts(Path script, String prefix) {
    this.script = script;
    this.prefix = prefix;
  }

  /** Makes hosts 1..n (root only), named {@code PREFIX-host<i>}. */
  static TestBedHosts up(Path script, String prefix, int n) throws IOException {
    TestBedHosts hosts = new TestBedHosts(script, prefix);
    try {
      hosts.run(List.of("up", String.valueOf(n)));
    } catch (IOException e) {
      hosts.close();
      throw e;
    }
    return hosts;
  }

  String name(int host) {
    return prefix + "-host" + host;
  }

  /** A command on a host, not started; its output goes where the caller redirects it. */
  ProcessBuilder on(int host, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of(script.toString(), "exec", name(host)));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SIM_HOSTS_PREFIX", prefix);
    pb.environment().put("FERRY_SKIP_BUILD", "1");
    return pb;
  }

  /** Runs a command on a host to its end; its standard output, or an error with its output. */
  String output(int host, List<String> command) throws IOException {
    return finish(on(host, command).redirectErrorStream(true), String.join(" ", command) + " on " + name(host));
  }

  /** Limits a host's link both ways (tc tbf, e.g. "1gbit"), or "off". */
  void shape(int host, String rate) throws IOException {
    run(List.of("shape", name(host), rate));
  }

  private void run(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(script.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SIM_HOSTS_PREFIX", prefix);
    finish(pb, "hosts.sh " + String.join(" ", args));
  }

  private static String finish(ProcessBuilder pb, String what) throws IOException {
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new FerryException(ErrorCode.INTERNAL, what + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new FerryException(ErrorCode.INTERNAL, "Interrupted while running " + what);
    }
    return out;
  }

  /** Removes the hosts: kills what runs on them, deletes namespaces, links, bridge and hosts files. */
  @Override
  public void close() throws IOException {
    run(List.of("down"));
  }
}
