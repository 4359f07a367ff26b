package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeyFileTest {
  @TempDir Path dir;

  @Test
  void aMissingKeyFileIsCreatedReadableByItsOwnerOnly() throws Exception {
    Path file = dir.resolve("keys/token.key");

    byte[] key = TokenKeyFile.readOrCreate(file);

    assertThat(key).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void anExistingKeyFileIsKept() {
    Path file = dir.resolve("token.key");
    byte[] first = TokenKeyFile.readOrCreate(file);

    assertThat(TokenKeyFile.readOrCreate(file)).isEqualTo(first);
  }

  @Test
  void noConfiguredKeyFileNamesTheKeyToSet() {
    assertThatThrownBy(() -> TokenKeyFile.of(FerryConfiguration.builder().build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PropertyKey.SECURITY_TOKEN_KEY_FILE.name());
  }

  @Test
  void aShortKeyIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("short.key"), "c2hvcnQ=");

    assertThatThrownBy(() -> TokenKeyFile.read(file)).hasMessageContaining("at least 32");
  }
}
