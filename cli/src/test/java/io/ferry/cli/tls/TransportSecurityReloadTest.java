package io.ferry.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.TransportSecurity;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TransportSecurity (common) with real certificate files, made here by
 * ClusterCertificates: rotation is picked up at the next check, and a key
 * replaced before its certificate is not served with the old one.
 */
class TransportSecurityReloadTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private Path live;
  private Path next;

  @BeforeEach
  void issueTwoGenerations() throws Exception {
    live = dir.resolve("live");
    next = dir.resolve("next");
    new ClusterCertificates(live).issue(List.of("localhost"), "alice", Duration.ofDays(1));
    Files.createDirectories(next);
    Files.copy(live.resolve(ClusterCertificates.CA_CERT), next.resolve(ClusterCertificates.CA_CERT));
    Files.copy(live.resolve(ClusterCertificates.CA_KEY), next.resolve(ClusterCertificates.CA_KEY));
    new ClusterCertificates(next).issue(List.of("localhost"), "alice", Duration.ofDays(1));
  }

  private FerryConfiguration.Builder serverConf() {
    return FerryConfiguration.builder()
        .set(PropertyKey.SECURITY_TLS_ENABLED, true)
        .set(PropertyKey.SECURITY_TLS_CA, live.resolve(ClusterCertificates.CA_CERT))
        .set(PropertyKey.SECURITY_TLS_CERT, live.resolve(ClusterCertificates.SERVER_CERT))
        .set(PropertyKey.SECURITY_TLS_KEY, live.resolve(ClusterCertificates.SERVER_KEY))
        .set(PropertyKey.SECURITY_TLS_REFRESH_INTERVAL, "20ms");
  }

  @Test
  void aRotatedCertificateIsServedAfterTheNextCheck() throws Exception {
    try (TransportSecurity tls = TransportSecurity.of(serverConf().build())) {
      assertThat(served(tls)).isEqualTo(serial(live));

      rotate(ClusterCertificates.SERVER_KEY);
      rotate(ClusterCertificates.SERVER_CERT);

      awaitServed(tls, serial(next));
    }
  }

  @Test
  void aNewKeyWaitsForItsCertificate() throws Exception {
    try (TransportSecurity tls = TransportSecurity.of(serverConf().build())) {
      BigInteger old = serial(live);
      rotate(ClusterCertificates.SERVER_KEY);
      Thread.sleep(200); // ten checks

      assertThat(served(tls)).as("the old pair, not the new key with the old certificate").isEqualTo(old);

      rotate(ClusterCertificates.SERVER_CERT);
      awaitServed(tls, serial(next));
    }
  }

  @Test
  void aServerWithoutACertificateFailsNamingTheKeys() {
    try (TransportSecurity tls = TransportSecurity.of(FerryConfiguration.builder()
        .set(PropertyKey.SECURITY_TLS_ENABLED, true).build())) {
      assertThatThrownBy(tls::serverCredentials).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("ferry.security.tls.cert").hasMessageContaining("ferry.security.tls.key");
    }
  }

  @Test
  void aMissingFileFailsNamingItsKey() {
    FerryConfiguration conf = serverConf().set(PropertyKey.SECURITY_TLS_CA, dir.resolve("no-such.pem")).build();

    assertThatThrownBy(() -> TransportSecurity.of(conf)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ferry.security.tls.ca").hasMessageContaining("no-such.pem");
  }

  @Test
  void aKeyOfAnotherCertificateFailsAtStart() {
    FerryConfiguration conf = serverConf()
        .set(PropertyKey.SECURITY_TLS_KEY, next.resolve(ClusterCertificates.SERVER_KEY)).build();

    assertThatThrownBy(() -> TransportSecurity.of(conf)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not belong to the certificate");
  }

  private void rotate(String file) throws Exception {
    Files.copy(next.resolve(file), live.resolve(file + ".new"));
    Files.move(live.resolve(file + ".new"), live.resolve(file), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static void awaitServed(TransportSecurity tls, BigInteger expected) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!served(tls).equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(served(tls)).isEqualTo(expected);
  }

  /** The serial number of the certificate a server handshake would present. */
  private static BigInteger served(TransportSecurity tls) {
    X509KeyManager keys = (X509KeyManager) tls.serverIdentity();
    return keys.getCertificateChain(keys.chooseServerAlias("EC", null, null))[0].getSerialNumber();
  }

  private static BigInteger serial(Path certs) throws Exception {
    try (InputStream in = Files.newInputStream(certs.resolve(ClusterCertificates.SERVER_CERT))) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
    }
  }
}
