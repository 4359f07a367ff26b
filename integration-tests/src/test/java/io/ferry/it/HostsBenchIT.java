package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ferry bench hosts} through bin/ferry, on a small data set: its figures, and nothing left behind. */
class HostsBenchIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path S3PROXY_JAR = REPO.resolve(".test-servers/s3proxy-4.1.0-jar-with-dependencies.jar");

  @Test
  void printsTheRemoteReadAndTheLinkOfOneRunAndRemovesItsHosts() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);
    List<String> args = new ArrayList<>(List.of("--files", "2", "--file-mb", "2", "--shaped-rate", "none"));
    boolean s3 = Files.isRegularFile(S3PROXY_JAR); // test-servers.sh downloads it
    if (!s3) {
      args.add("--no-s3");
    }

    String out = benchHosts(args);

    assertThat(out).containsPattern("\"link_mbps\":[0-9.]+,\"remote_warm_mbps\":[0-9.]+,"
        + "\"remote_warm_link_ratio\":[0-9.]+");
    if (s3) {
      assertThat(out).containsPattern("\"s3_direct_mbps\":[0-9.]+,\"s3_cold_mbps\":[0-9.]+,\"s3_warm_mbps\":[0-9.]+");
    }
    assertNoHostLeft();
  }

  @Test
  void printsTheAggregateOfReadersReadingAtOnceAndRemovesItsHosts() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);

    String out = benchHosts(List.of("--aggregate", "2", "--files", "4", "--file-mb", "2"));

    assertThat(out).containsPattern("\"aggregate_link_mbps\":[0-9.]+,\"aggregate_remote_warm_mbps\":[0-9.]+,"
        + "\"aggregate_remote_warm_link_ratio\":[0-9.]+").contains("\"aggregate_hosts\":2");
    assertNoHostLeft();
  }

  /** The JSON {@code ferry bench hosts} prints with {@code args} and one-second iperf3 runs; it must exit 0. */
  private static String benchHosts(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(REPO.resolve("bin/ferry").toString(), "bench", "hosts", "--json",
        "--link-seconds", "1"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("FERRY_SKIP_BUILD", "1"); // the tests run on the built tree
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void assertNoHostLeft() throws Exception {
    Process netns = new ProcessBuilder("ip", "netns", "list").start();
    assertThat(new String(netns.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).doesNotContain("fbh-host");
  }
}
