package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class CertificateUsersTest {
  private final CertificateUsers byCn = new CertificateUsers(Optional.empty());

  @Test
  void theUserIsTheSubjectsCommonName() throws FerryException {
    assertThat(byCn.userOf(new X500Principal("CN=alice, OU=ml, O=Example Corp, C=FR"))).isEqualTo("alice");
  }

  @Test
  void theMostSpecificCommonNameWinsWhenThereAreSeveral() throws FerryException {
    assertThat(byCn.userOf(new X500Principal("CN=bob, CN=users, O=example"))).isEqualTo("bob");
  }

  @Test
  void escapedCharactersOfTheCommonNameAreUnescaped() throws FerryException {
    assertThat(byCn.userOf(new X500Principal("CN=Doe\\, John, O=example"))).isEqualTo("Doe, John");
  }

  @Test
  void aSubjectWithoutCommonNameNamesNoUser() {
    assertThatThrownBy(() -> byCn.userOf(new X500Principal("OU=ml, O=example")))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED))
        .hasMessageContaining("OU=ml,O=example").hasMessageContaining("no CN");
  }

  @Test
  void aPatternsFirstGroupIsTheUser() throws FerryException {
    CertificateUsers byUid = new CertificateUsers(Optional.of(Pattern.compile("UID=([a-z]+)")));

    assertThat(byUid.userOf(new X500Principal("CN=Alice Liddell, UID=alice, O=example"))).isEqualTo("alice");
  }

  @Test
  void aSubjectThePatternDoesNotMatchNamesNoUser() {
    CertificateUsers inMl = new CertificateUsers(Optional.of(Pattern.compile("^CN=([^,]+),OU=ml,")));

    assertThatThrownBy(() -> inMl.userOf(new X500Principal("CN=mallory, OU=sales, O=example")))
        .hasMessageContaining("does not match");
  }

  @Test
  void aPatternWithoutGroupIsAConfigurationError() {
    FerryConfiguration conf = FerryConfiguration.builder().set(PropertyKey.SECURITY_MTLS_USER_PATTERN, "CN=.*").build();

    assertThatThrownBy(() -> CertificateUsers.from(conf)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no group");
  }
}
