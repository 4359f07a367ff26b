package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FerryOutputStream;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.common.security.SecurityHeaders;
import io.ferry.common.security.Tokens;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.AccessControlException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TOKEN authentication and permissions across real processes: a master and
 * a worker of their own, clients and the `ferry` CLI. A client without a
 * valid token is refused; bob cannot read, list, delete or rename alice's
 * private files, while alice and a superuser can; every change and denial is
 * in the audit log.
 */
class SecurityIT {
  private static final byte[] SECRET = "alice's private bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static TokenAuth auth;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    auth = new TokenAuth(dir.resolve("token.key"));
    cluster = auth.cluster(dir.resolve("cluster"), 1).start();
    TokenAuth.makeShared(cluster, "/shared");
    try (FerryClient alice = client(token("alice"))) {
      alice.createDirectory("/shared/alice", false, 0700);
      try (FerryOutputStream out = alice.createFile("/shared/alice/private.txt", CreateOptions.DEFAULT.withMode(0600))) {
        out.write(SECRET);
      }
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void aClientWithoutATokenIsRefusedSayingHowToGetOne() throws Exception {
    try (FerryClient anonymous = client("")) {
      assertRefused(() -> anonymous.getStatus("/"), ErrorCode.UNAUTHENTICATED, "no token", "FERRY_TOKEN");
    }
  }

  @Test
  void expiredAndForgedTokensAreRefused() throws Exception {
    String expired = auth.tokens().create(new Identity("alice", List.of()), Instant.now().minusSeconds(1));
    String forged = new Tokens(new byte[32]).create(new Identity("admin", List.of()), Instant.now().plusSeconds(600));
    try (FerryClient late = client(expired); FerryClient forger = client(forged)) {
      assertRefused(() -> late.getStatus("/"), ErrorCode.UNAUTHENTICATED, "token expired");
      assertRefused(() -> forger.getStatus("/"), ErrorCode.UNAUTHENTICATED, "token signature invalid");
    }
  }

  @Test
  void theOwnerAndASuperuserReadThePrivateFile() throws Exception {
    try (FerryClient alice = client(token("alice")); FerryClient admin = cluster.newClient()) {
      assertThat(read(alice, "/shared/alice/private.txt")).isEqualTo(SECRET);
      assertThat(read(admin, "/shared/alice/private.txt")).isEqualTo(SECRET);
      assertThat(admin.getStatus("/shared/alice/private.txt").owner()).isEqualTo("alice");
    }
  }

  @Test
  void anotherUserCannotReadListDeleteOrRenameThePrivateFile() throws Exception {
    try (FerryClient bob = client(token("bob"))) {
      assertRefused(() -> read(bob, "/shared/alice/private.txt"), ErrorCode.PERMISSION_DENIED,
          "user=bob", "operation=getStatus", "path=/shared/alice/private.txt");
      assertRefused(() -> bob.listStatus("/shared/alice"), ErrorCode.PERMISSION_DENIED, "operation=listStatus");
      assertRefused(() -> bob.delete("/shared/alice", true), ErrorCode.PERMISSION_DENIED, "operation=delete");
      assertRefused(() -> bob.rename("/shared/alice/private.txt", "/shared/mine.txt"), ErrorCode.PERMISSION_DENIED,
          "operation=rename");
    }
  }

  @Test
  void anotherUserCannotCompleteAFileBeingWritten() throws Exception {
    try (FerryClient alice = client(token("alice")); FerryClient admin = cluster.newClient();
        FerryOutputStream out = alice.createFile("/shared/alice-writing.txt", CreateOptions.DEFAULT)) {
      out.write(SECRET);
      long id = admin.getStatus("/shared/alice-writing.txt").id();
      ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", cluster.masterPort()).usePlaintext().build();
      try {
        Metadata bobs = new Metadata();
        bobs.put(SecurityHeaders.TOKEN, token("bob"));
        assertThatThrownBy(() -> FileSystemMasterServiceGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bobs))
            .completeFile(CompleteFileRequest.newBuilder().setPath("/shared/alice-writing.txt").setFileId(id).build()))
            .hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("operation=completeFile");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void hadoopsFerryFileSystemPresentsTheTokenOfItsConfiguration() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(PropertyKey.SECURITY_TOKEN.name(), token("bob"));
    URI uri = URI.create("ferry://localhost:" + cluster.masterPort() + "/");
    try (FileSystem bob = FileSystem.newInstance(uri, conf)) {
      assertThat(bob.getFileStatus(new org.apache.hadoop.fs.Path("/shared")).isDirectory()).isTrue();
      assertThatThrownBy(() -> bob.open(new org.apache.hadoop.fs.Path("/shared/alice/private.txt")).close())
          .isInstanceOf(AccessControlException.class).hasMessageContaining("user=bob");
    }
  }

  @Test
  void theCliSignsTokensWithTheKeyAndReportsRefusalsInOneLine() throws Exception {
    FerryCli cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"))
        .withProperty(PropertyKey.SECURITY_TOKEN_KEY_FILE.name(), auth.keyFile().toString());
    String bobsToken = cli.ok("admin", "token", "create", "--user", "bob", "--groups", "staff", "--ttl", "1h").trim();
    assertThat(auth.tokens().verify(bobsToken, Instant.now())).isEqualTo(new Identity("bob", List.of("staff")));

    FerryCli.Result cat = cli.withProperty(PropertyKey.SECURITY_TOKEN.name(), bobsToken)
        .run("fs", "cat", "/shared/alice/private.txt");

    assertThat(cat.exitCode()).isEqualTo(1);
    assertThat(cat.stderr()).startsWith("ferry: Permission denied: user=bob").doesNotContain("Exception");
  }

  @Test
  void eachChangeAndEachDenialIsOneAuditLine() throws Exception {
    Path ufs = Files.createDirectories(dir.resolve("audit-ufs"));
    try (FerryClient alice = client(token("alice")); FerryClient bob = client(token("bob"));
        FerryClient admin = client(token("admin"))) {
      alice.createDirectory("/shared/alice/audit", false, 0700);
      try (FerryOutputStream out = alice.createFile("/shared/alice/audit/f", CreateOptions.DEFAULT)) {
        out.write(SECRET);
      }
      alice.rename("/shared/alice/audit/f", "/shared/alice/audit/g");
      alice.delete("/shared/alice/audit/g", false);
      admin.mount("/audit-mount", ufs.toString(), Map.of(), true);
      assertThatThrownBy(() -> bob.createDirectory("/shared/alice/audit/bob", false, 0755));
      assertThatThrownBy(() -> bob.mount("/bob-mount", ufs.toString(), Map.of(), true));
    }

    assertThat(auditLines("/shared/alice/audit", "-mount")).containsExactly(
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=createDirectory\tsrc=/shared/alice/audit\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=createFile\tsrc=/shared/alice/audit/f\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=rename\tsrc=/shared/alice/audit/f\tdst=/shared/alice/audit/g",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=delete\tsrc=/shared/alice/audit/g\tdst=null",
        "allowed=true\tuser=admin\tip=127.0.0.1\tcmd=mount\tsrc=/audit-mount\tdst=null",
        "allowed=false\tuser=bob\tip=127.0.0.1\tcmd=createDirectory\tsrc=/shared/alice/audit/bob\tdst=null",
        "allowed=false\tuser=bob\tip=127.0.0.1\tcmd=mount\tsrc=/bob-mount\tdst=null");
  }

  @Test
  void theWebApiWantsATokenAndAnswersAsItsUser() throws Exception {
    assertThat(webApi("browse?path=/shared", "").statusCode()).isEqualTo(401);
    assertThat(webApi("overview", "").headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ferry\"");

    HttpResponse<String> bobs = webApi("browse?path=/shared/alice", token("bob"));
    HttpResponse<String> alices = webApi("browse?path=/shared/alice", token("alice"));

    assertThat(bobs.statusCode()).isEqualTo(403);
    assertThat(bobs.body()).contains("Permission denied: user=bob");
    assertThat(alices.statusCode()).isEqualTo(200);
    assertThat(alices.body()).contains("private.txt");
    assertThat(auditLines("cmd=web/browse")).containsExactly(
        "allowed=false\tuser=-\tip=127.0.0.1\tcmd=web/browse\tsrc=/shared\tdst=null",
        "allowed=false\tuser=bob\tip=127.0.0.1\tcmd=web/browse\tsrc=/shared/alice\tdst=null");
  }

  @Test
  void metricsAndHealthAreServedWithoutATokenAndNameNoPath() throws Exception {
    HttpResponse<String> metrics = web("/metrics", "");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("ferry_rpc_").doesNotContain("/shared");
    assertThat(web("/healthz", "").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> webApi(String call, String token) throws Exception {
    return web("/api/" + call, token);
  }

  private static HttpResponse<String> web(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + cluster.masterWebPort() + path));
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The audit log's entries (without their time) that mention any of {@code paths}. */
  private static List<String> auditLines(String... paths) throws Exception {
    return Files.readAllLines(cluster.auditLog()).stream().map(l -> l.substring(l.indexOf(' ') + 1))
        .filter(l -> Arrays.stream(paths).anyMatch(l::contains)).toList();
  }

  private static byte[] read(FerryClient client, String path) throws Exception {
    try (FerryInputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  private static void assertRefused(ThrowingCallable call, ErrorCode code, String... why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContainingAll(why);
  }

  private static FerryClient client(String token) {
    return TokenAuth.clientWithToken(cluster, token);
  }

  private static String token(String user) {
    return auth.token(user);
  }
}
