package io.ferry.cli.bench.hosts;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3 service far away: S3Proxy on a simulated host of its own, reached
 * through a {@link DelayingRelay} on that host (the kernel has no netem) and
 * over its link shaped with tc, e.g. 1 Gbit/s and 10 ms round trip.
 */
final class S3Host {
  static final String BUCKET = "ferry-bench";
  static final String ACCESS_KEY = "ferry-bench";
  static final String SECRET_KEY = "ferry-bench-secret";
  /** Where S3Proxy listens, on the host's loopback: only the relay reaches it. */
  private static final int PROXY_PORT = 9001;
  /** Where the relay listens for the other hosts. */
  private static final int RELAY_PORT = 9000;

  private final TestBedHosts hosts;
  private final int host;
  private final Path dir;
  /** The relay stops when its standard input closes: the processes are kept so their pipes stay open. */
  private final List<Process> processes = new ArrayList<>();

  /** @param dir the host's directory: S3Proxy's configuration, its data (buckets are directories) and logs */
  S3Host(TestBedHosts hosts, int host, Path dir) {
    this.hosts = hosts;
    this.host = host;
    this.dir = dir;
  }

  /** The directory whose files are the bucket's objects; fill it before {@link #start}. */
  Path bucketDir() {
    return dir.resolve("data").resolve(BUCKET);
  }

  /** Starts S3Proxy and the relay in front of it, then shapes the host's link. */
  void start(Path s3proxyJar, Duration roundTrip, String rate) throws IOException {
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + PROXY_PORT,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem-nio2",
        "jclouds.filesystem.basedir=" + dir.resolve("data")) + "\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    start(List.of(java, "-Xmx512m", "-jar", s3proxyJar.toString(), "--properties", conf.toString()), "s3proxy");
    HostsBenchCluster.awaitPort(hosts, host, "127.0.0.1", PROXY_PORT, dir);
    start(List.of(java, "-cp", System.getProperty("java.class.path"), DelayingRelay.class.getName(),
        hosts.name(host) + ":" + RELAY_PORT, "127.0.0.1:" + PROXY_PORT,
        String.valueOf(roundTrip.toMillis() / 2)), "relay");
    HostsBenchCluster.awaitPort(hosts, host, hosts.name(host), RELAY_PORT, dir);
    hosts.shape(host, rate);
  }

  /** The options of a Ferry mount of the bucket, over the slow link. */
  List<String> mountOptions() {
    return List.of("s3.endpoint=http://" + hosts.name(host) + ":" + RELAY_PORT, "s3.path-style=true",
        "s3.access-key=" + ACCESS_KEY, "s3.secret-key=" + SECRET_KEY);
  }

  private void start(List<String> command, String name) throws IOException {
    Path log = dir.resolve(name + ".log");
    processes.add(hosts.on(host, command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  static Path requireJar(Path jar) throws FerryException {
    if (!Files.isRegularFile(jar)) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "No S3Proxy jar at " + jar + ": run "
          + "integration-tests/scripts/test-servers.sh start once (it downloads it), pass --s3proxy-jar, "
          + "or --no-s3");
    }
    return jar;
  }
}
