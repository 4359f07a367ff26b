package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final Tokens tokens = new Tokens(key('k'));
  private final Identity alice = new Identity("alice", List.of("staff", "gpu"));

  @Test
  void aTokenNamesItsUserAndGroupsUntilItExpires() throws FerryException {
    String token = tokens.create(alice, NOW.plus(Duration.ofDays(30)));

    assertThat(tokens.verify(token, NOW.plus(Duration.ofDays(29)))).isEqualTo(alice);
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = tokens.create(alice, NOW.plusSeconds(60));

    assertRefused(token, NOW.plusSeconds(60), "token expired");
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() {
    String forged = new Tokens(key('x')).create(alice, NOW.plusSeconds(60));

    assertRefused(forged, NOW, "token signature invalid");
  }

  @Test
  void aTokenWhosePayloadWasChangedIsRefused() {
    String[] parts = tokens.create(alice, NOW.plusSeconds(60)).split("\\.");
    String root = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("root\nstaff\n" + NOW.plusSeconds(60).toEpochMilli()).getBytes(StandardCharsets.UTF_8));

    assertRefused(parts[0] + "." + root + "." + parts[2], NOW, "token signature invalid");
  }

  @Test
  void garbageIsRefusedAsMalformed() {
    assertRefused("not-a-token", NOW, "token malformed");
  }

  @Test
  void aUserNameWithACommaCannotBeSigned() {
    assertThatThrownBy(() -> tokens.create(new Identity("a,b", List.of()), NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid user name 'a,b'");
  }

  private void assertRefused(String token, Instant at, String why) {
    assertThatThrownBy(() -> tokens.verify(token, at))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessageContaining(why);
  }

  private static byte[] key(char fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }
}
