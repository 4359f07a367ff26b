package io.ferry.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCertificatesTest {
  @TempDir Path dir;

  @Test
  void theServerCertificateIsSignedByTheCaAndNamesTheHosts() throws Exception {
    new ClusterCertificates(dir).issue(List.of("localhost", "127.0.0.1"), "alice", Duration.ofDays(1));

    X509Certificate ca = read(ClusterCertificates.CA_CERT);
    X509Certificate server = read(ClusterCertificates.SERVER_CERT);
    server.verify(ca.getPublicKey());
    assertThat(server.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
        .containsExactly("localhost", "127.0.0.1");
    assertThat(server.getExtendedKeyUsage()).as("serves, and is a client of the other servers")
        .containsExactlyInAnyOrder("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }

  @Test
  void theClientCertificateNamesTheUser() throws Exception {
    new ClusterCertificates(dir).issue(List.of("localhost"), "alice", Duration.ofDays(1));

    X509Certificate client = read(ClusterCertificates.CLIENT_CERT);
    client.verify(read(ClusterCertificates.CA_CERT).getPublicKey());
    assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
  }

  @Test
  void issuingAgainKeepsTheCaAndReplacesTheCertificates() throws Exception {
    ClusterCertificates certs = new ClusterCertificates(dir);
    certs.issue(List.of("localhost"), "alice", Duration.ofDays(1));
    X509Certificate ca = read(ClusterCertificates.CA_CERT);
    X509Certificate first = read(ClusterCertificates.SERVER_CERT);

    certs.issue(List.of("localhost"), "alice", Duration.ofDays(1));

    assertThat(read(ClusterCertificates.CA_CERT)).isEqualTo(ca);
    X509Certificate second = read(ClusterCertificates.SERVER_CERT);
    assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
    second.verify(ca.getPublicKey());
  }

  @Test
  void theKeysAreReadableByTheirOwnerOnly() throws Exception {
    new ClusterCertificates(dir).issue(List.of("localhost"), "alice", Duration.ofDays(1));

    for (String key : List.of(ClusterCertificates.CA_KEY, ClusterCertificates.SERVER_KEY, ClusterCertificates.CLIENT_KEY)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key)))).isEqualTo("rw-------");
    }
  }

  @Test
  void aUsersCertificateNamesTheUserAndIsSignedByTheClustersCa() throws Exception {
    ClusterCertificates certs = new ClusterCertificates(dir);
    certs.issue(List.of("localhost"), "alice", Duration.ofDays(1));

    certs.issueUser("bob", Duration.ofDays(1));

    X509Certificate bob = read(certs.userCert("bob").getFileName().toString());
    bob.verify(read(ClusterCertificates.CA_CERT).getPublicKey());
    assertThat(bob.getSubjectX500Principal().getName()).isEqualTo("CN=bob");
    assertThat(bob.getExtendedKeyUsage()).as("a client only").containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certs.userKey("bob"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aUsersCertificateNeedsTheClustersCa() {
    assertThatThrownBy(() -> new ClusterCertificates(dir).issueUser("bob", Duration.ofDays(1)))
        .isInstanceOf(IOException.class).hasMessageContaining("ferry admin tls create");
  }

  private X509Certificate read(String name) throws Exception {
    try (InputStream in = Files.newInputStream(dir.resolve(name))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
