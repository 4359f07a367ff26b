package io.ferry.master.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.conf.PropertyKey;
import io.ferry.common.grpc.GrpcChannels;
import io.ferry.common.security.ActingUser;
import io.ferry.common.security.ClientCredentials;
import io.ferry.common.security.Identity;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import io.ferry.master.FerryMaster;
import io.ferry.master.TestMaster;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.FileSystemMasterServiceGrpc;
import io.ferry.proto.FileSystemMasterServiceGrpc.FileSystemMasterServiceBlockingStub;
import io.ferry.proto.GetStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master with TOKEN authentication over gRPC: calls without a valid token
 * are refused UNAUTHENTICATED with the reason; a token's user is the caller
 * permissions are checked for, or the user it acts for when it may
 * impersonate; changes and denials are audited.
 */
class TokenAuthenticationRpcTest {
  @TempDir Path tmp;
  private FerryMaster master;
  private ManagedChannel channel;
  private Tokens tokens;
  private AuditCapture audit;

  @BeforeEach
  void start() throws Exception {
    Path keyFile = tmp.resolve("token.key");
    master = new FerryMaster(TestMaster.settings(tmp)
        .set(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .set(PropertyKey.SECURITY_TOKEN_KEY_FILE, keyFile)
        .set(PropertyKey.SECURITY_BLOCK_KEY_FILE, tmp.resolve("block.key"))
        .set(PropertyKey.SECURITY_IMPERSONATION_USERS, "fuse")
        .build());
    master.start();
    tokens = new Tokens(TokenKeyFile.read(keyFile)); // the master made the key
    channel = GrpcChannels.forAddress("127.0.0.1", master.port(), Duration.ofSeconds(5));
    audit = new AuditCapture();
  }

  @AfterEach
  void stop() {
    audit.close();
    GrpcChannels.shutdown(channel);
    master.close();
  }

  @Test
  void aCallWithoutATokenIsRefusedSayingHowToGetOne() {
    assertRefused(stub(Optional.empty()), Status.Code.UNAUTHENTICATED, "no token", "FERRY_TOKEN");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String expired = tokens.create(new Identity("alice", List.of()), Instant.now().minusSeconds(1));
    assertRefused(stub(Optional.of(expired)), Status.Code.UNAUTHENTICATED, "token expired");
  }

  @Test
  void aForgedTokenIsRefused() {
    String forged = new Tokens(new byte[32]).create(new Identity("root", List.of()), Instant.now().plusSeconds(60));
    assertRefused(stub(Optional.of(forged)), Status.Code.UNAUTHENTICATED, "token signature invalid");
  }

  @Test
  void theTokensUserIsTheCallerWhosePermissionsCount() {
    FileSystemMasterServiceBlockingStub alice = stub(Optional.of(token("alice")));

    assertThat(alice.getStatus(GetStatusRequest.newBuilder().setPath("/").build()).getPath()).isEqualTo("/");
    assertThatThrownBy(() -> alice.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/alice").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessageContaining("user=alice, operation=createDirectory, path=/");
  }

  @Test
  void changesAndDenialsAreAuditedWithUserAddressOperationAndPath() {
    String admin = System.getProperty("user.name"); // the master's own user is a superuser
    stub(Optional.of(token(admin))).createDirectory(CreateDirectoryRequest.newBuilder().setPath("/data").build());
    assertThatThrownBy(() -> stub(Optional.of(token("bob")))
        .createDirectory(CreateDirectoryRequest.newBuilder().setPath("/bob").build()));

    assertThat(audit.lines()).containsExactly(
        "allowed=true\tuser=" + admin + "\tip=127.0.0.1\tcmd=createDirectory\tsrc=/data\tdst=null",
        "allowed=false\tuser=bob\tip=127.0.0.1\tcmd=createDirectory\tsrc=/bob\tdst=null");
  }

  @Test
  void anImpersonationUserActsAsTheUserItStatesWhosePermissionsCount() {
    try (ActingUser.Scope asAlice = ActingUser.enter("alice")) {
      assertThatThrownBy(() -> stub(Optional.of(token("fuse")))
          .createDirectory(CreateDirectoryRequest.newBuilder().setPath("/alice").build()))
          .hasMessageContaining("user=alice, operation=createDirectory, path=/");
    }
  }

  @Test
  void aCallActingForAnotherUserIsAuditedWithBothUsers() {
    String admin = System.getProperty("user.name");
    try (ActingUser.Scope asAdmin = ActingUser.enter(admin)) {
      stub(Optional.of(token("fuse"))).createDirectory(CreateDirectoryRequest.newBuilder().setPath("/data").build());
    }

    assertThat(audit.lines()).containsExactly(
        "allowed=true\tuser=" + admin + " via fuse\tip=127.0.0.1\tcmd=createDirectory\tsrc=/data\tdst=null");
  }

  @Test
  void aUserOutsideTheImpersonationUsersCannotActForAnother() {
    try (ActingUser.Scope asAlice = ActingUser.enter("alice")) {
      assertRefused(stub(Optional.of(token("bob"))), Status.Code.PERMISSION_DENIED,
          "user=bob may not act as alice", PropertyKey.SECURITY_IMPERSONATION_USERS.name());
    }
  }

  @Test
  void aTokensHolderActingAsItselfNeedsNoImpersonationRight() {
    try (ActingUser.Scope asBob = ActingUser.enter("bob")) {
      assertThat(stub(Optional.of(token("bob"))).getStatus(GetStatusRequest.newBuilder().setPath("/").build())
          .getPath()).isEqualTo("/");
    }
  }

  private String token(String user) {
    return tokens.create(new Identity(user, List.of()), Instant.now().plusSeconds(600));
  }

  private FileSystemMasterServiceBlockingStub stub(Optional<String> token) {
    return FileSystemMasterServiceGrpc.newBlockingStub(channel).withInterceptors(new ClientCredentials("", token));
  }

  private static void assertRefused(FileSystemMasterServiceBlockingStub stub, Status.Code code, String... why) {
    assertThatThrownBy(() -> stub.getStatus(GetStatusRequest.newBuilder().setPath("/").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code))
        .hasMessageContainingAll(why);
  }
}
