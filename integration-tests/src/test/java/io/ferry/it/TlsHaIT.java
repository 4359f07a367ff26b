package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters whose Raft traffic is mutual TLS (Ratis's gRPC transport with
 * each master's certificate, client and server), with a worker and clients
 * on TLS too: the quorum elects a leader, replicates, and fails over.
 */
class TlsHaIT {
  @TempDir Path dir;
  private HaCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aQuorumOnMutualTlsReplicatesAndFailsOver() throws Exception {
    Path certs = dir.resolve("tls");
    new ClusterCertificates(certs).issue(List.of("localhost", "127.0.0.1"), "ferry", Duration.ofDays(1));
    cluster = new HaCluster(dir.resolve("cluster"), 1, Map.of(), Map.of(
        PropertyKey.SECURITY_TLS_ENABLED.name(), "true",
        PropertyKey.SECURITY_TLS_CA.name(), certs.resolve(ClusterCertificates.CA_CERT).toString(),
        PropertyKey.SECURITY_TLS_CERT.name(), certs.resolve(ClusterCertificates.SERVER_CERT).toString(),
        PropertyKey.SECURITY_TLS_KEY.name(), certs.resolve(ClusterCertificates.SERVER_KEY).toString(),
        PropertyKey.SECURITY_TLS_CLIENT_AUTH.name(), "required")).start();
    byte[] bytes = TestFiles.randomBytes(1 << 20, 7);
    TestFiles.writeRandom(dir.resolve("cluster").resolve("underfs").resolve("f.bin"), bytes.length, 7);
    try (FerryClient client = cluster.newClient()) {
      client.createDirectory("/replicated", false);
    }
    int oldLeader = cluster.leader();

    cluster.killMaster(oldLeader);

    assertThat(cluster.leader()).isNotEqualTo(oldLeader);
    cluster.awaitLiveWorkers(1); // the worker found the new leader too
    try (FerryClient client = cluster.newClient(); FerryInputStream in = client.openFile("/f.bin")) {
      assertThat(client.getStatus("/replicated").isDirectory()).as("replicated to the new leader").isTrue();
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }
}
