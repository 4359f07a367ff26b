package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.common.conf.FerryConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsUserCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheSettingsOfTheUsersNewCertificate() throws Exception {
    ClusterCertificates certificates = new ClusterCertificates(dir);
    certificates.issue(List.of("localhost"), "admin", Duration.ofDays(1));

    CliRun run = run("--dir", dir.toString(), "--user", "bob");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("ferry.security.tls.cert=" + certificates.userCert("bob").toAbsolutePath())
        .contains("ferry.security.tls.key=" + certificates.userKey("bob").toAbsolutePath());
  }

  @Test
  void withoutTheClustersCaItFailsInOneLineSayingHowToMakeIt() {
    CliRun run = run("--dir", dir.toString(), "--user", "bob");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("ferry: No CA in").contains("ferry admin tls create")
        .doesNotContain("\tat ");
  }

  @Test
  void aUserNameWithOtherCharactersIsAUsageError() {
    CliRun run = run("--dir", dir.toString(), "--user", "bob,O=evil");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--user 'bob,O=evil'");
  }

  private static CliRun run(String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "admin";
    command[1] = "tls";
    command[2] = "user";
    System.arraycopy(args, 0, command, 3, args.length);
    return CliRun.of(() -> FerryConfiguration.builder().build(), command);
  }
}
