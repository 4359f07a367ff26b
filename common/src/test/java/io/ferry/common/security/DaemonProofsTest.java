package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DaemonProofsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final DaemonProofs proofs = new DaemonProofs(new byte[32]);

  @Test
  void aProofSignedWithTheBlockKeyPassesUntilItExpires() {
    String proof = proofs.sign(NOW.plusSeconds(60));

    assertThatCode(() -> proofs.check(proof, NOW.plusSeconds(59))).doesNotThrowAnyException();
    assertRefused(() -> proofs.check(proof, NOW.plusSeconds(60)), "expired");
  }

  @Test
  void aCallWithoutProofIsRefusedNamingTheKey() {
    assertRefused(() -> proofs.check(null, NOW), "ferry.security.block.key.file");
  }

  @Test
  void aProofSignedWithAnotherKeyIsRefused() {
    byte[] other = new byte[32];
    other[0] = 1;

    assertRefused(() -> proofs.check(new DaemonProofs(other).sign(NOW.plusSeconds(60)), NOW), "invalid");
  }

  @Test
  void aProofWithAnotherExpiryThanItsSignatureIsRefused() {
    String proof = proofs.sign(NOW.plusSeconds(60));
    String stretched = proof.replace(String.valueOf(NOW.plusSeconds(60).toEpochMilli()),
        String.valueOf(NOW.plusSeconds(86_400).toEpochMilli()));

    assertRefused(() -> proofs.check(stretched, NOW), "invalid");
  }

  @Test
  void garbageIsRefused() {
    assertRefused(() -> proofs.check("fwk1.x.!!!", NOW), "invalid");
    assertRefused(() -> proofs.check("nodots", NOW), "invalid");
  }

  private static void assertRefused(ThrowingCallable call, String why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessageContaining(why);
  }
}
