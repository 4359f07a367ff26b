package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry local start --secure}: the daemons run with mutual TLS and
 * TOKEN authentication, and bin/ferry's commands of that cluster use its
 * certificates and token; a command without TLS or without the token is
 * refused with one line saying why.
 */
class SecureLocalClusterIT {
  @TempDir static Path dir;
  private static LocalLauncher ferry;

  @BeforeAll
  static void startSecureCluster() throws Exception {
    ferry = new LocalLauncher(dir, 1);
    assertThat(ferry.ok("local", "start", "--secure", "--no-fuse")).contains("Mutual TLS and TOKEN authentication");
  }

  @AfterAll
  static void stop() throws Exception {
    ferry.ok("local", "stop");
    assertThat(ferry.stateDir().resolve("secure")).as("the throw-away CA is thrown away").doesNotExist();
  }

  @Test
  void theClusterCommandsReadOverTlsWithTheirToken() throws Exception {
    String readme = Files.readString(Path.of("..", "sample-data", "README.txt"));

    assertThat(ferry.ok("fs", "cat", "/sample/README.txt")).isEqualTo(readme);
  }

  @Test
  void aPlaintextCommandIsToldToTurnTlsOn() throws Exception {
    FerryCli.Result r = ferry.run("-Dferry.security.tls.enabled=false", "fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("ferry.security.tls.enabled=true").doesNotContain("Exception");
  }

  @Test
  void aCommandWithoutTheTokenIsRefused() throws Exception {
    FerryCli.Result r = ferry.run("-Dferry.security.token.file=", "fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("no token");
  }

  @Test
  void aCommandWithoutTheClientCertificateIsRefusedByMutualTls() throws Exception {
    FerryCli.Result r = ferry.run("-Dferry.security.tls.cert=", "-Dferry.security.tls.key=", "fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("requires a client certificate");
  }
}
