package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCreateCommandTest {
  @TempDir Path dir;

  @Test
  void printsATokenForTheUserAndGroupsValidForItsTtl() throws FerryException {
    Path keyFile = dir.resolve("token.key");
    Tokens tokens = new Tokens(TokenKeyFile.readOrCreate(keyFile));

    CliRun run = CliRun.of(() -> withKey(keyFile), "admin", "token", "create", "--user", "bob",
        "--groups", "staff,gpu", "--ttl", "2h");

    assertThat(run.exitCode()).isZero();
    String token = run.out().trim();
    assertThat(tokens.verify(token, Instant.now().plus(Duration.ofMinutes(119))))
        .isEqualTo(new Identity("bob", List.of("staff", "gpu")));
  }

  @Test
  void withoutTheKeyFileItFailsNamingTheKeyToSet() {
    CliRun run = CliRun.of(() -> FerryConfiguration.builder().build(), "admin", "token", "create", "--user", "bob");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("ferry: Token authentication needs a signing key")
        .contains(PropertyKey.SECURITY_TOKEN_KEY_FILE.name());
  }

  @Test
  void aKeyFileItCannotReadIsReportedInOneLine() {
    CliRun run = CliRun.of(() -> withKey(dir.resolve("missing.key")), "admin", "token", "create", "--user", "bob");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).startsWith("ferry: Cannot read the token key file").doesNotContain("\tat ");
  }

  @Test
  void anInvalidTtlIsAUsageError() {
    CliRun run = CliRun.of(() -> withKey(dir.resolve("token.key")), "admin", "token", "create", "--user", "bob",
        "--ttl", "forever");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("Invalid --ttl 'forever'");
  }

  private static FerryConfiguration withKey(Path keyFile) {
    return FerryConfiguration.builder().set(PropertyKey.SECURITY_TOKEN_KEY_FILE, keyFile).build();
  }
}
