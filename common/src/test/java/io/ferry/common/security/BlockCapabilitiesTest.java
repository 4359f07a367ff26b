package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.BlockCapability.Access;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockCapabilitiesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final String UFS = "file:///ufs/alice/private.bin";
  private final BlockCapabilities capabilities = new BlockCapabilities(key('k'));
  private final BlockCapability aliceReads = new BlockCapability(7, Access.READ, 1, UFS, "alice", NOW.plusSeconds(60));

  @Test
  void aSignedCapabilityCoversItsFilesBlocksUntilItExpires() throws FerryException {
    String capability = capabilities.sign(aliceReads);

    assertThat(capabilities.check(capability, read(7, UFS), NOW.plusSeconds(59))).isEqualTo(aliceReads);
  }

  @Test
  void aReadOfTheCachedCopyOnlyNeedsNoUfsFile() throws FerryException {
    assertThat(capabilities.check(capabilities.sign(aliceReads), read(7, ""), NOW)).isEqualTo(aliceReads);
  }

  @Test
  void noCapabilityIsRefusedNamingTheBlock() {
    assertDenied("", read(7, UFS), "Permission denied: block of file 7: no capability");
  }

  @Test
  void aCapabilitySignedWithAnotherKeyIsRefused() {
    String forged = new BlockCapabilities(key('x')).sign(aliceReads);

    assertDenied(forged, read(7, UFS), "capability signature invalid");
  }

  @Test
  void aCapabilityWhosePayloadWasSwappedIsRefused() {
    String[] mine = capabilities.sign(aliceReads).split("\\.");
    String[] other = capabilities.sign(new BlockCapability(8, Access.READ, 1, UFS, "bob", NOW.plusSeconds(60)))
        .split("\\.");

    assertDenied(mine[0] + "." + other[1] + "." + mine[2], read(8, UFS), "capability signature invalid");
  }

  @Test
  void anExpiredCapabilityIsRefused() {
    assertDenied(capabilities.sign(aliceReads), read(7, UFS), NOW.plusSeconds(60), "capability expired");
  }

  @Test
  void aCapabilityForAnotherFileIsRefused() {
    assertDenied(capabilities.sign(aliceReads), read(8, UFS), "capability issued for file 7, not file 8");
  }

  @Test
  void aCapabilityForAnotherUnderStorageFileIsRefused() {
    assertDenied(capabilities.sign(aliceReads), read(7, "file:///ufs/bob/secret.bin"),
        "capability issued for under storage file " + UFS);
  }

  @Test
  void aReadCapabilityDoesNotLetItsHolderWrite() {
    BlockAccess write = new BlockAccess("writing file 7", 7, Access.WRITE, 1, UFS);

    assertDenied(capabilities.sign(aliceReads), write, "capability grants READ, not WRITE");
  }

  @Test
  void garbageIsRefusedAsMalformed() {
    assertDenied("fcap1.%%%.x", read(7, UFS), "capability malformed");
    assertDenied("ferry1.a.b", read(7, UFS), "capability malformed");
  }

  private static BlockAccess read(long fileId, String ufsUri) {
    return new BlockAccess("block of file " + fileId, fileId, Access.READ, 1, ufsUri);
  }

  private void assertDenied(String capability, BlockAccess asked, String why) {
    assertDenied(capability, asked, NOW, why);
  }

  private void assertDenied(String capability, BlockAccess asked, Instant now, String why) {
    assertThatThrownBy(() -> capabilities.check(capability, asked, now))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessageContaining(why)
        .hasMessageStartingWith("Permission denied: " + asked.what() + ": ");
  }

  private static byte[] key(char c) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) c);
    return key;
  }
}
