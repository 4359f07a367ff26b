package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.client.StatusOptions;
import io.ferry.common.BlockIds;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.security.TransportSecurity;
import io.ferry.proto.BlockWorkerServiceGrpc;
import io.ferry.proto.ReadBlockRequest;
import io.ferry.proto.UfsBlockSource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry local start --secure}: the daemons run with mutual TLS and
 * TOKEN authentication, and bin/ferry's commands of that cluster use its
 * certificates and token; a command without TLS or without the token is
 * refused with one line saying why. Its worker reads blocks only with a
 * capability the master signed for them. Its FUSE mount, authenticated
 * with the token, serves its own user.
 */
class SecureLocalClusterIT {
  @TempDir static Path dir;
  private static LocalLauncher ferry;

  @BeforeAll
  static void startSecureCluster() throws Exception {
    ferry = new LocalLauncher(dir, 1);
    assertThat(ferry.ok("local", "start", "--secure")).contains("Mutual TLS and TOKEN authentication");
  }

  @AfterAll
  static void stop() throws Exception {
    ferry.ok("local", "stop");
    assertThat(ferry.stateDir().resolve("secure")).as("the throw-away CA is thrown away").doesNotExist();
  }

  @Test
  void theClusterCommandsReadOverTlsWithTheirToken() throws Exception {
    String readme = Files.readString(Path.of("..", "sample-data", "README.txt"));

    assertThat(ferry.ok("fs", "cat", "/sample/README.txt")).isEqualTo(readme);
  }

  @Test
  void theFuseMountServesItsOwnUser() throws Exception {
    Path mnt = ferry.mountPoint();
    String readme = Files.readString(Path.of("..", "sample-data", "README.txt"));

    assertThat(Files.readString(mnt.resolve("sample/README.txt"))).isEqualTo(readme);
    Files.writeString(mnt.resolve("mine.txt"), "written through the secure mount");
    assertThat(ferry.ok("fs", "cat", "/mine.txt")).isEqualTo("written through the secure mount");
  }

  @Test
  void aPlaintextCommandIsToldToTurnTlsOn() throws Exception {
    FerryCli.Result r = ferry.run("-Dferry.security.tls.enabled=false", "fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("ferry.security.tls.enabled=true").doesNotContain("Exception");
  }

  @Test
  void aCommandWithoutTheTokenIsRefused() throws Exception {
    FerryCli.Result r = ferry.run("-Dferry.security.token.file=", "fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("no token");
  }

  @Test
  void aCommandWithoutTheClientCertificateIsRefusedByMutualTls() throws Exception {
    FerryCli.Result r = ferry.run("-Dferry.security.tls.cert=", "-Dferry.security.tls.key=", "fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stdout()).contains("requires a client certificate");
  }

  @Test
  void theWorkerRefusesABlockReadWithoutACapabilityOrWithOneForAnotherFile() throws Exception {
    FerryConfiguration conf = clientConf();
    try (FerryClient client = FerryClient.create(conf); TransportSecurity tls = TransportSecurity.of(conf)) {
      PathStatus readme = client.getStatus("/sample/README.txt", StatusOptions.DEFAULT.withBlocks(true));
      PathStatus classes = client.getStatus("/sample/labels/classes.txt", StatusOptions.DEFAULT.withBlocks(true));
      long block = BlockIds.of(readme.id(), 0);
      ManagedChannel worker = GrpcChannels.forAddress("localhost", ferry.workerPort(), Duration.ofSeconds(5), tls);
      try {
        assertThat(readBlock(worker, readme, readme.capability()))
            .isEqualTo(Files.readAllBytes(Path.of("..", "sample-data", "README.txt")));
        assertThatThrownBy(() -> readBlock(worker, readme, "")).isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED))
            .hasMessageContaining("Permission denied: block " + block).hasMessageContaining("no capability");
        assertThatThrownBy(() -> readBlock(worker, readme, classes.capability()))
            .hasMessageContaining("Permission denied: block " + block)
            .hasMessageContaining("capability issued for file " + classes.id());
      } finally {
        GrpcChannels.shutdown(worker);
      }
    }
  }

  /** The settings secure.env gives bin/ferry: the cluster's CA, the client certificate and the token. */
  private static FerryConfiguration clientConf() {
    Path secure = ferry.stateDir().resolve("secure");
    return FerryConfiguration.builder()
        .set(PropertyKey.MASTER_HOSTNAME, "localhost")
        .set(PropertyKey.MASTER_RPC_PORT, ferry.masterPort())
        .set(PropertyKey.SECURITY_TLS_ENABLED, true)
        .set(PropertyKey.SECURITY_TLS_CA, secure.resolve("ca.pem"))
        .set(PropertyKey.SECURITY_TLS_CERT, secure.resolve("client.pem"))
        .set(PropertyKey.SECURITY_TLS_KEY, secure.resolve("client.key"))
        .set(PropertyKey.SECURITY_TOKEN_FILE, secure.resolve("token"))
        .build();
  }

  /** The block's bytes, read from the worker over gRPC as a client that bypasses the master would. */
  private static byte[] readBlock(ManagedChannel worker, PathStatus file, String capability) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BlockWorkerServiceGrpc.newBlockingStub(worker).readBlock(ReadBlockRequest.newBuilder()
        .setBlockId(BlockIds.of(file.id(), 0))
        .setSource(UfsBlockSource.newBuilder().setMountId(file.mountId()).setUfsUri(file.ufsUri())
            .setBlockLength(file.length()).setFingerprint(file.fingerprint()))
        .setCapability(capability).build()).forEachRemaining(r -> bytes.writeBytes(r.getChunk().toByteArray()));
    return bytes.toByteArray();
  }
}
