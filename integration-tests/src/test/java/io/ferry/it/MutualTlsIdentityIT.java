package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.client.AttributeChanges;
import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FerryOutputStream;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.GetMountRequest;
import io.ferry.proto.WorkerMasterServiceGrpc;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MTLS authentication across real processes: a master and a worker with
 * mutual TLS take each client's user from its certificate (CN=alice,
 * CN=bob, issued by `ferry admin tls user`), whatever user the client states.
 * Each user gets the permissions of its own; a client without a certificate
 * is refused. No client, not even a superuser, gets a mount's credentials
 * from the master: only workers, which sign their calls with the block key.
 */
class MutualTlsIdentityIT {
  private static final byte[] SECRET = "alice's private bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static ClusterCertificates certificates;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Path certs = dir.resolve("tls");
    certificates = new ClusterCertificates(certs);
    certificates.issue(List.of("localhost", "127.0.0.1"), "admin", Duration.ofDays(1));
    certificates.issueUser("alice", Duration.ofDays(1));
    certificates.issueUser("bob", Duration.ofDays(1));
    FerryCluster.Builder b = FerryCluster.builder(dir.resolve("cluster")).workers(1);
    ClusterTls.server(certs).forEach((k, v) -> b.masterProperty(k, v).workerProperty(k, v));
    ClusterTls.client(certs).forEach(b::clientProperty); // CN=admin
    cluster = b.masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "MTLS")
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "MTLS")
        .masterProperty(PropertyKey.SECURITY_SUPERUSERS, "admin")
        .start();
    try (FerryClient admin = cluster.newClient()) {
      admin.createDirectory("/shared", false, 0777);
      admin.setAttributes("/shared", AttributeChanges.NONE.withMode(0777));
    }
    try (FerryClient alice = clientOf("alice")) {
      try (FerryOutputStream out = alice.createFile("/shared/alice.txt", CreateOptions.DEFAULT.withMode(0600))) {
        out.write(SECRET);
      }
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void aFileBelongsToTheUserItsCreatorsCertificateNames() throws Exception {
    try (FerryClient bob = clientOf("bob")) {
      assertThat(bob.getStatus("/shared/alice.txt").owner()).isEqualTo("alice");
    }
  }

  @Test
  void theOwnerReadsItsPrivateFile() throws Exception {
    try (FerryClient alice = clientOf("alice"); FerryInputStream in = alice.openFile("/shared/alice.txt")) {
      assertThat(in.readAllBytes()).isEqualTo(SECRET);
    }
  }

  @Test
  void anotherUsersCertificateIsRefusedThePrivateFile() throws Exception {
    try (FerryClient bob = clientOf("bob")) {
      assertThatThrownBy(() -> bob.openFile("/shared/alice.txt").close())
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
          .hasMessageContaining("user=bob").hasMessageContaining("path=/shared/alice.txt");
    }
  }

  @Test
  void theStatedOsUserCountsForNothing() throws Exception {
    String saved = System.getProperty("user.name");
    System.setProperty("user.name", "alice"); // what ClientCredentials states
    try (FerryClient bob = clientOf("bob")) {
      assertThatThrownBy(() -> bob.openFile("/shared/alice.txt").close()).hasMessageContaining("user=bob");
    } finally {
      System.setProperty("user.name", saved);
    }
  }

  @Test
  void aClientWithoutACertificateIsRefused() {
    FerryConfiguration noCertificate = cluster.clientConf().toBuilder()
        .set(PropertyKey.SECURITY_TLS_CERT, "").set(PropertyKey.SECURITY_TLS_KEY, "").build();
    try (FerryClient anonymous = FerryClient.create(noCertificate)) {
      assertThatThrownBy(() -> anonymous.getStatus("/shared"))
          .hasMessageContaining("requires a client certificate").hasMessageContaining("ferry.security.tls.cert");
    }
  }

  @Test
  void noClientGetsAMountsCredentialsFromTheMasterNotEvenASuperuser() throws Exception {
    long rootMount;
    try (FerryClient admin = cluster.newClient()) {
      rootMount = admin.getMountTable().get(0).mountId();
    }
    try (TransportSecurity tls = TransportSecurity.of(cluster.clientConf())) { // CN=admin, a superuser
      ManagedChannel channel =
          Grpc.newChannelBuilder("localhost:" + cluster.masterPort(), tls.channelCredentials()).build();
      try {
        assertThatThrownBy(() -> WorkerMasterServiceGrpc.newBlockingStub(channel)
            .getMount(GetMountRequest.newBuilder().setMountId(rootMount).build()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED))
            .hasMessageContaining("Only workers may call ferry.WorkerMasterService/GetMount: no daemon proof");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void theWorkerStillGetsTheMountToFetchAFileFromTheUnderStorage() throws Exception {
    Path file = cluster.rootUfs().resolve("from-ufs.bin"); // never seen by Ferry: the worker fetches it
    TestFiles.writeRandom(file, 1 << 20, 4);

    try (FerryClient alice = clientOf("alice"); FerryInputStream in = alice.openFile("/from-ufs.bin")) {
      assertThat(TestFiles.sha256(in)).isEqualTo(TestFiles.sha256(file));
    }
  }

  private static FerryClient clientOf(String user) {
    return FerryClient.create(cluster.clientConf().toBuilder()
        .set(PropertyKey.SECURITY_TLS_CERT, certificates.userCert(user).toString())
        .set(PropertyKey.SECURITY_TLS_KEY, certificates.userKey(user).toString())
        .build());
  }
}
