package io.ferry.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFailuresTest {
  private static final String MASTER = "master at m1:19998";

  private static StatusRuntimeException unavailable(String description, Throwable cause) {
    return Status.UNAVAILABLE.withDescription(description).withCause(cause).asRuntimeException();
  }

  @Test
  void aConnectionClosedAsItOpensAsksAPlaintextClientForTls() {
    assertThat(TlsFailures.explain(unavailable("Network closed for unknown reason", null), MASTER)).hasValueSatisfying(
        why -> assertThat(why).contains(MASTER, "ferry.security.tls.enabled=true", "ferry.security.tls.ca"));
    assertThat(TlsFailures.explain(unavailable("io exception",
        new IOException("recvAddress(..) failed with error(-104): Connection reset by peer")), MASTER)).isPresent();
  }

  @Test
  void aServerThatDoesNotSpeakTlsIsNamed() {
    SSLException notTls = new SSLException("not an SSL/TLS record: 00001204000000");

    assertThat(TlsFailures.explain(unavailable("ssl exception", notTls), MASTER))
        .hasValue(MASTER + " does not serve TLS, but this client uses it (ferry.security.tls.enabled): TLS must be on "
            + "or off on both sides");
  }

  @Test
  void aMissingClientCertificateNamesTheKeysToSet() {
    SSLException alert = new SSLException("error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED");

    assertThat(TlsFailures.explain(unavailable("ssl exception", alert), MASTER)).hasValueSatisfying(
        why -> assertThat(why).contains("requires a client certificate", "ferry.security.tls.cert"));
  }

  @Test
  void anUntrustedServerCertificateNamesTheCaKey() {
    SSLHandshakeException handshake = new SSLHandshakeException("General OpenSslEngine problem");
    handshake.initCause(new CertificateException("No subject alternative names matching IP address 10.0.0.1 found"));

    assertThat(TlsFailures.explain(unavailable("io exception", handshake), MASTER)).hasValueSatisfying(
        why -> assertThat(why).contains("certificate is not trusted", "ferry.security.tls.ca", "10.0.0.1"));
  }

  @Test
  void aRefusedConnectionIsNotATlsMatter() {
    assertThat(TlsFailures.explain(unavailable("io exception", new ConnectException("Connection refused")), MASTER))
        .isEmpty();
  }
}
