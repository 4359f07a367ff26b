package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import org.junit.jupiter.api.Test;

class AuthenticationTypeTest {
  @Test
  void aServerRunsMtlsWhenEveryClientMustPresentACertificate() {
    assertThat(AuthenticationType.ofServer(mtls(true, "required"))).isEqualTo(AuthenticationType.MTLS);
  }

  @Test
  void aServerRefusesMtlsWithOptionalClientCertificates() {
    assertThatThrownBy(() -> AuthenticationType.ofServer(mtls(true, "optional")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.security.tls.client.auth=required").hasMessageContaining("optional");
  }

  @Test
  void aServerRefusesMtlsWithoutTls() {
    assertThatThrownBy(() -> AuthenticationType.ofServer(mtls(false, "required")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("ferry.security.tls.enabled=true");
  }

  private static FerryConfiguration mtls(boolean tls, String clientAuth) {
    return FerryConfiguration.builder()
        .set(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "mtls")
        .set(PropertyKey.SECURITY_TLS_ENABLED, tls)
        .set(PropertyKey.SECURITY_TLS_CLIENT_AUTH, clientAuth)
        .build();
  }
}
