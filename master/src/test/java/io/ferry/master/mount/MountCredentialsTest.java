package io.ferry.master.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.Secrets;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.journal.proto.MountRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountCredentialsTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Map<String, String> OPTIONS =
      Map.of("s3.region", "eu-west-1", "s3.access-key", "AKIDEXAMPLE", "s3.secret-key", SECRET);

  @TempDir Path dir;

  private MountCredentials withKey(String file) {
    return MountCredentials.from(FerryConfiguration.builder()
        .set(PropertyKey.SECURITY_SECRET_KEY_FILE, dir.resolve(file)).build());
  }

  private static MountRecord record(MountCredentials credentials, long id, Map<String, String> options)
      throws FerryException {
    return credentials.putOptions(MountRecord.newBuilder().setMountId(id).setFerryPath("/s3")
        .setUfsUri("s3://bucket/data"), options).build();
  }

  /** A record as metastores of before encryption hold it: every option in clear text. */
  private static MountRecord clearTextRecord() {
    return MountRecord.newBuilder().setMountId(7).setFerryPath("/old").setUfsUri("s3://bucket/old")
        .putAllOptions(OPTIONS).build();
  }

  @Test
  void credentialsAreStoredOnlyEncryptedAndTheOtherOptionsInClearText() throws Exception {
    MountRecord record = record(withKey("secret.key"), 3, OPTIONS);

    assertThat(record.getOptionsMap()).containsExactly(Map.entry("s3.region", "eu-west-1"));
    assertThat(record.getEncryptedOptionsMap()).containsOnlyKeys("s3.access-key", "s3.secret-key");
    assertThat(new String(record.toByteArray(), StandardCharsets.ISO_8859_1))
        .doesNotContain(SECRET).doesNotContain("AKIDEXAMPLE");
  }

  @Test
  void theUnderStorageGetsEveryOptionDecrypted() throws Exception {
    MountCredentials credentials = withKey("secret.key");

    assertThat(credentials.decrypted(record(credentials, 3, OPTIONS))).isEqualTo(OPTIONS);
  }

  @Test
  void peopleSeeCredentialsMasked() throws Exception {
    Map<String, String> masked = MountCredentials.masked(record(withKey("secret.key"), 3, OPTIONS));

    assertThat(masked).containsEntry("s3.region", "eu-west-1").containsEntry("s3.secret-key", Secrets.MASK)
        .containsEntry("s3.access-key", Secrets.MASK);
    assertThat(MountCredentials.masked(clearTextRecord())).containsEntry("s3.secret-key", Secrets.MASK);
  }

  @Test
  void aMountWithCredentialsIsRefusedWithoutAKeyNamingTheKeyToSet() {
    assertThatThrownBy(() -> record(MountCredentials.NONE, 3, OPTIONS))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("s3.access-key is a credential").hasMessageContaining("ferry.security.secret.key.file")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void aMountWithoutCredentialsNeedsNoKey() throws Exception {
    assertThat(record(MountCredentials.NONE, 3, Map.of("s3.region", "eu-west-1")).getOptionsMap())
        .containsEntry("s3.region", "eu-west-1");
  }

  @Test
  void aCredentialMovedToAnotherMountDoesNotDecrypt() throws Exception {
    MountCredentials credentials = withKey("secret.key");
    MountRecord moved = record(credentials, 3, OPTIONS).toBuilder().setMountId(4).build();

    assertThatThrownBy(() -> credentials.decrypted(moved)).hasMessageContaining("Cannot decrypt the credentials");
  }

  @Test
  void aStartWithStoredCredentialsAndNoKeyIsRefusedNamingTheMountsAndTheKey() throws Exception {
    List<MountRecord> stored = List.of(record(withKey("secret.key"), 3, OPTIONS));

    assertThatThrownBy(() -> MountCredentials.NONE.checkStored(stored)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[/s3]").hasMessageContaining("'ferry.security.secret.key.file' is not set");
  }

  @Test
  void aStartWithClearTextCredentialsAndNoKeyIsRefused() {
    assertThatThrownBy(() -> MountCredentials.NONE.checkStored(List.of(clearTextRecord())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("[/old]");
  }

  @Test
  void aStartWithAKeyThatDoesNotDecryptTheStoredCredentialsIsRefused() throws Exception {
    List<MountRecord> stored = List.of(record(withKey("secret.key"), 3, OPTIONS));

    assertThatThrownBy(() -> withKey("other.key").checkStored(stored)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("/s3").hasMessageContaining("not the one they were encrypted with");
  }

  @Test
  void aStartWithTheRightKeyPasses() throws Exception {
    List<MountRecord> stored = List.of(record(withKey("secret.key"), 3, OPTIONS), clearTextRecord());

    withKey("secret.key").checkStored(stored);
  }

  @Test
  void clearTextCredentialsAreEncryptedKeepingEveryOption() throws Exception {
    MountCredentials credentials = withKey("secret.key");
    MountRecord encrypted = credentials.encrypted(clearTextRecord());

    assertThat(MountCredentials.inClearText(clearTextRecord())).isTrue();
    assertThat(MountCredentials.inClearText(encrypted)).isFalse();
    assertThat(credentials.decrypted(encrypted)).isEqualTo(OPTIONS);
  }
}
