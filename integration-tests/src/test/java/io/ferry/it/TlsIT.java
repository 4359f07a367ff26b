package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.cli.tls.ClusterCertificates;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.TransportSecurity;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS across real processes: a master and a worker with mutual TLS
 * (ferry.security.tls.client.auth=required), certificates from a throw-away
 * CA (ferry admin tls create). Plaintext clients and clients without a
 * certificate are refused with an error that says why; reads over TLS return
 * the file's bytes and none of them crosses the loopback in clear; the web
 * port and the S3 endpoint serve https; rotated certificates are served
 * without a restart.
 */
class TlsIT {
  private static final long FILE_BYTES = 4L << 20;
  private static final Duration ROTATION_TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private static Path certs;
  private static FerryCluster cluster;
  private static int s3Port;

  @BeforeAll
  static void startCluster() throws Exception {
    certs = dir.resolve("tls");
    new ClusterCertificates(certs).issue(List.of("localhost", "127.0.0.1"), "alice", Duration.ofDays(1));
    FerryCluster.Builder b = FerryCluster.builder(dir.resolve("cluster")).workers(1);
    ClusterTls.server(certs).forEach((k, v) -> b.masterProperty(k, v).workerProperty(k, v));
    ClusterTls.client(certs).forEach(b::clientProperty);
    s3Port = FerryCluster.freePort();
    b.workerProperty(PropertyKey.WORKER_S3_PORT, s3Port).workerProperty(PropertyKey.S3_ANONYMOUS_ENABLED, true);
    b.masterProperty(PropertyKey.SECURITY_TLS_REFRESH_INTERVAL, "200ms")
        .workerProperty(PropertyKey.SECURITY_TLS_REFRESH_INTERVAL, "200ms")
        .clientProperty(PropertyKey.SECURITY_TLS_REFRESH_INTERVAL, "200ms");
    // every read crosses the loopback (a local client would otherwise read the block file itself)
    cluster = b.clientProperty(PropertyKey.USER_SHORT_CIRCUIT_ENABLED, false).start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  private static FerryConfiguration plaintextConf() {
    return FerryConfiguration.builder()
        .set(PropertyKey.MASTER_HOSTNAME, "localhost")
        .set(PropertyKey.MASTER_RPC_PORT, cluster.masterPort())
        .build();
  }

  @Test
  void aPlaintextClientIsRefusedWithAnErrorThatAsksForTls() {
    try (FerryClient plain = FerryClient.create(plaintextConf())) {
      assertThatThrownBy(() -> plain.getStatus("/"))
          .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
          .hasMessageContaining("ferry.security.tls.enabled=true");
    }
  }

  @Test
  void thePlaintextCliPrintsOneLineSayingTlsIsNeededNotAStackTrace() throws Exception {
    FerryCli.Result r = new FerryCli(cluster.masterPort(), dir.resolve("cli")).run("fs", "ls", "/");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("ferry.security.tls.enabled=true").doesNotContain("\tat ", "Exception");
  }

  @Test
  void aClientWithoutACertificateIsRefusedByMutualTls() {
    FerryConfiguration.Builder conf = plaintextConf().toBuilder()
        .set(PropertyKey.SECURITY_TLS_ENABLED, true)
        .set(PropertyKey.SECURITY_TLS_CA, certs.resolve(ClusterCertificates.CA_CERT).toString());
    try (FerryClient noCertificate = FerryClient.create(conf.build())) {
      assertThatThrownBy(() -> noCertificate.getStatus("/"))
          .hasMessageContaining("requires a client certificate").hasMessageContaining("ferry.security.tls.cert");
    }
  }

  @Test
  void aReadOverTlsReturnsTheFilesBytes() throws Exception {
    Path file = cluster.rootUfs().resolve("read.bin");
    TestFiles.writeRandom(file, FILE_BYTES, 1);

    assertThat(readThroughFerry("/read.bin")).isEqualTo(TestFiles.sha256(file));
    assertThat(readThroughFerry("/read.bin")).as("from the worker's cache").isEqualTo(TestFiles.sha256(file));
  }

  @Test
  void aCaptureOfTheLoopbackDuringATlsReadHoldsNoneOfTheFilesBytes() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tcpdump")) || Files.isExecutable(Path.of("/usr/sbin/tcpdump")),
        "tcpdump (Debian package tcpdump) is needed");
    Path file = cluster.rootUfs().resolve("captured.bin");
    TestFiles.writeRandom(file, FILE_BYTES, 2);
    Path capture = dir.resolve("read.pcap");

    LoopbackCapture c = LoopbackCapture.start(capture, cluster.masterPort(), cluster.workerPort(0));
    try (c) {
      assertThat(readThroughFerry("/captured.bin")).isEqualTo(TestFiles.sha256(file));
    }

    byte[] wire = Files.readAllBytes(capture);
    byte[] data = Files.readAllBytes(file);
    assertThat((long) wire.length).as("the read crossed the loopback; tcpdump said: %s", c.log())
        .isGreaterThan(FILE_BYTES);
    for (int offset = 0; offset < data.length; offset += data.length / 64) {
      byte[] sample = Arrays.copyOfRange(data, offset, offset + 32);
      assertThat(indexOf(wire, sample)).as("32 bytes of the file at offset %d on the wire", offset).isEqualTo(-1);
    }
  }

  @Test
  void theWebPortServesHttpsWithTheClusterCertificate() throws Exception {
    try (TransportSecurity tls = TransportSecurity.of(cluster.clientConf())) {
      HttpClient https = HttpClient.newBuilder().sslContext(tls.sslContext().orElseThrow()).build();
      HttpResponse<String> health = https.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + cluster.masterWebPort() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + cluster.masterWebPort() + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString())).as("plain http").isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void theS3EndpointServesHttpsWithTheClusterCertificate() throws Exception {
    Path file = cluster.rootUfs().resolve("bucket/s3.bin");
    Files.createDirectories(file.getParent());
    TestFiles.writeRandom(file, FILE_BYTES, 2);
    try (TransportSecurity tls = TransportSecurity.of(cluster.clientConf())) {
      HttpClient https = HttpClient.newBuilder().sslContext(tls.sslContext().orElseThrow()).build();
      URI object = URI.create("https://localhost:" + s3Port + "/bucket/s3.bin");
      for (String from : List.of("the under storage", "the worker's cache (block file spans)")) {
        HttpResponse<byte[]> get = https.send(HttpRequest.newBuilder(object).build(),
            HttpResponse.BodyHandlers.ofByteArray());

        assertThat(get.statusCode()).as("from %s", from).isEqualTo(200);
        assertThat(TestFiles.sha256(new java.io.ByteArrayInputStream(get.body()))).as("from %s", from)
            .isEqualTo(TestFiles.sha256(file));
      }
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + s3Port + "/bucket/s3.bin")).build(),
          HttpResponse.BodyHandlers.ofString())).as("plain http").isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void rotatedCertificatesAreServedWithoutARestart() throws Exception {
    try (TransportSecurity tls = TransportSecurity.of(cluster.clientConf())) {
      SSLContext context = tls.sslContext().orElseThrow();
      BigInteger before = servedSerial(context, cluster.masterPort());
      assertThat(before).isEqualTo(serialOf(certs.resolve(ClusterCertificates.SERVER_CERT)));

      new ClusterCertificates(certs).issue(List.of("localhost", "127.0.0.1"), "alice", Duration.ofDays(1));
      BigInteger rotated = serialOf(certs.resolve(ClusterCertificates.SERVER_CERT));

      awaitServedSerial(context, cluster.masterPort(), rotated);
      awaitServedSerial(context, cluster.workerPort(0), rotated);
    }
    Path file = cluster.rootUfs().resolve("after-rotation.bin");
    TestFiles.writeRandom(file, 1 << 20, 3);
    assertThat(readThroughFerry("/after-rotation.bin")).as("a new client after the rotation")
        .isEqualTo(TestFiles.sha256(file));
  }

  private static String readThroughFerry(String path) throws Exception {
    try (FerryClient client = cluster.newClient(); FerryInputStream in = client.openFile(path)) {
      return TestFiles.sha256(in);
    }
  }

  private static void awaitServedSerial(SSLContext context, int port, BigInteger expected) throws Exception {
    long deadline = System.nanoTime() + ROTATION_TIMEOUT.toNanos();
    BigInteger served = servedSerial(context, port);
    while (!served.equals(expected)) {
      assertThat(System.nanoTime()).as("port %d still serves certificate %s, not the rotated %s", port, served,
          expected).isLessThan(deadline);
      Thread.sleep(100);
      served = servedSerial(context, port);
    }
  }

  /** The serial number of the certificate a TLS handshake with localhost:{@code port} is shown. */
  private static BigInteger servedSerial(SSLContext context, int port) throws Exception {
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"}); // gRPC speaks HTTP/2 only
      s.setSSLParameters(p);
      s.startHandshake();
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static BigInteger serialOf(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** tcpdump on the loopback, writing the packets of some ports to a file until closed. */
  private static final class LoopbackCapture implements AutoCloseable {
    private final Process tcpdump;
    private final Path file;
    private final Path log;

    private LoopbackCapture(Process tcpdump, Path file, Path log) {
      this.tcpdump = tcpdump;
      this.file = file;
      this.log = log;
    }

    /** What tcpdump printed: that it listens, and at the end how many packets it captured and dropped. */
    String log() throws java.io.IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    static LoopbackCapture start(Path file, int... ports) throws Exception {
      String filter = String.join(" or ", Arrays.stream(ports).mapToObj(p -> "tcp port " + p).toList());
      Path log = file.resolveSibling(file.getFileName() + ".log");
      // -U: each packet written as it comes; -B: a 64 MiB kernel buffer, so a burst of reads drops nothing
      Process p = new ProcessBuilder("tcpdump", "-i", "lo", "-U", "-B", "65536", "-s", "0", "-w", file.toString(),
          filter)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(log, StandardCharsets.UTF_8).contains("listening on")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("tcpdump did not start: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
      return new LoopbackCapture(p, file, log);
    }

    /**
     * Once the file stops growing for 2 s (tcpdump has written what the kernel
     * handed it: a SIGTERM drops what it has not read yet, and on a busy
     * machine tcpdump can lag the wire by more than half a second), SIGTERM.
     */
    @Override
    public void close() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long size = -1;
      while (Files.size(file) != size && System.nanoTime() < deadline) {
        size = Files.size(file);
        Thread.sleep(2_000);
      }
      tcpdump.destroy();
      if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
        tcpdump.destroyForcibly();
      }
    }
  }
}
