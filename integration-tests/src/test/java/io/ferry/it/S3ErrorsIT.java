package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.ufs.TestServers;
import io.ferry.ufs.s3.S3TestBuckets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 failures get an error that names the problem, in bounded time, and
 * credentials never leak: not from `ferry fs mounts`, not into error
 * messages, not into the master's or workers' logs.
 */
class S3ErrorsIT {
  private static final String BUCKET = "ferry-errors";
  private static final String WRONG_SECRET = "Wrong-Secret-Never-Printed-42";

  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli cli;

  @BeforeAll
  static void startCluster() throws Exception {
    S3TestBuckets.create(BUCKET);
    try (Ufs ufs = new Ufs("s3://" + BUCKET + "/", TestServers.s3().mountOptions())) {
      for (String prefix : List.of("wrong-key", "unreachable", "throttled", "creds")) {
        ufs.write("s3://" + BUCKET + "/" + prefix + "/file.txt", "hello from s3\n".getBytes());
      }
    }
    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static FerryCli.Result mount(String ferryPath, String uri, Map<String, String> options) throws Exception {
    List<String> args = new ArrayList<>(List.of("fs", "mount"));
    options.forEach((k, v) -> args.addAll(List.of("--option", k + "=" + v)));
    args.add(ferryPath);
    args.add(uri);
    return cli.run(args.toArray(String[]::new));
  }

  private static Map<String, String> s3Options(String key, String value) {
    Map<String, String> options = new HashMap<>(TestServers.s3().mountOptions());
    options.put(key, value);
    return options;
  }

  private static void assertOneLineError(FerryCli.Result r) {
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).startsWith("ferry: ").doesNotContain("\n").doesNotContain("\tat ");
  }

  @Test
  void wrongCredentialsFailTheMountWithAccessDeniedNamingTheMount() throws Exception {
    FerryCli.Result r = mount("/s3-wrong-key", "s3://" + BUCKET + "/wrong-key", s3Options("s3.secret-key", WRONG_SECRET));

    assertOneLineError(r);
    assertThat(r.stderr()).containsIgnoringCase("denied").contains("/s3-wrong-key").doesNotContain(WRONG_SECRET);
  }

  @Test
  void aMissingBucketFailsTheMountNamingTheBucket() throws Exception {
    FerryCli.Result r = mount("/s3-no-bucket", "s3://no-such-bucket-here/data", TestServers.s3().mountOptions());

    assertOneLineError(r);
    assertThat(r.stderr()).contains("no-such-bucket-here");
  }

  @Test
  void anUnreachableEndpointFailsWithinTheConfiguredTimeoutNamingIt() throws Exception {
    int closed = FerryCluster.freePort();
    Map<String, String> options = s3Options("s3.endpoint", "http://127.0.0.1:" + closed);
    options.put("s3.connect-timeout", "1s");
    options.put("s3.max-retries", "1");
    long start = System.nanoTime();

    FerryCli.Result r = mount("/s3-unreachable", "s3://" + BUCKET + "/unreachable", options);

    assertOneLineError(r);
    assertThat(r.stderr()).contains("127.0.0.1:" + closed);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
  }

  @Test
  void throttlingAndServerErrorsAreRetriedWithBackoff() throws Exception {
    try (TcpProxy proxy = TcpProxy.forEndpoint(TestServers.s3().endpoint())) {
      Map<String, String> options = s3Options("s3.endpoint", proxy.endpointFor(TestServers.s3().endpoint()));
      proxy.throttleNext(2);

      FerryCli.Result r = mount("/s3-throttled", "s3://" + BUCKET + "/throttled", options);

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(proxy.throttledCount()).isEqualTo(2);
      assertThat(cli.ok("fs", "cat", "/s3-throttled/file.txt")).isEqualTo("hello from s3\n");
    }
  }

  @Test
  void credentialsAreNeitherListedNorLogged() throws Exception {
    String secret = TestServers.s3().secretKey();
    assertThat(mount("/s3-creds", "s3://" + BUCKET + "/creds", TestServers.s3().mountOptions()).exitCode()).isZero();
    assertThat(cli.ok("fs", "cat", "/s3-creds/file.txt")).isEqualTo("hello from s3\n");

    assertThat(cli.ok("fs", "mounts")).contains("/s3-creds").doesNotContain(secret);
    assertThat(cli.ok("fs", "stat", "/s3-creds/file.txt")).doesNotContain(secret);
    try (Stream<Path> logs = Files.list(cluster.logDir())) {
      for (Path log : logs.toList()) {
        assertThat(Files.readString(log)).as("%s", log).doesNotContain(secret).doesNotContain(WRONG_SECRET);
      }
    }
  }
}
