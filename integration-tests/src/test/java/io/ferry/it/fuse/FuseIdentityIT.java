package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.Identity;
import io.ferry.common.security.TokenKeyFile;
import io.ferry.common.security.Tokens;
import io.ferry.it.FerryCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FuseIdentityTests} with TOKEN authentication: the mount presents the
 * token of ferry-fuse, which the master lets act for others
 * (ferry.security.impersonation.users); the audit log names both. A mount
 * whose user may not impersonate acts for no one but that user.
 */
class FuseIdentityIT extends FuseIdentityTests {
  private static final String MOUNT_USER = "ferry-fuse";

  private Tokens tokens;

  @Override
  FerryCluster.Builder authenticated(FerryCluster.Builder cluster) throws Exception {
    Path keyFile = cluster.baseDir().resolve("token.key");
    tokens = new Tokens(TokenKeyFile.readOrCreate(keyFile));
    return cluster.masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .masterProperty(PropertyKey.SECURITY_TOKEN_KEY_FILE, keyFile)
        .masterProperty(PropertyKey.SECURITY_IMPERSONATION_USERS, MOUNT_USER)
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .clientProperty(PropertyKey.SECURITY_TOKEN, token(System.getProperty("user.name")));
  }

  @Override
  FuseMountProcess authenticated(FuseMountProcess mount) {
    return mount.property(PropertyKey.SECURITY_AUTHENTICATION_TYPE.name(), "TOKEN")
        .property(PropertyKey.SECURITY_TOKEN.name(), token(MOUNT_USER));
  }

  @Test
  void theMastersAuditLogNamesTheUserAndTheMountActingForIt() throws Exception {
    as(OWNER, "printf x > shared/audited.txt");

    assertThat(Files.readString(cluster.auditLog()))
        .contains("user=" + OWNER + " via " + MOUNT_USER + "\tip=127.0.0.1\tcmd=createFile\tsrc=/shared/audited.txt");
  }

  @Test
  void aMountWhoseUserMayNotImpersonateIsRefusedActingForAnotherUser() throws Exception {
    try (FuseMountProcess stranger = new FuseMountProcess(cluster, base.resolve("mnt-stranger"))
        .property(PropertyKey.SECURITY_AUTHENTICATION_TYPE.name(), "TOKEN")
        .property(PropertyKey.SECURITY_TOKEN.name(), token("stranger")).start()) {
      assertRefused(tryAs(OWNER, base, "ls " + stranger.dir().getFileName() + "/shared"), "Permission denied");

      assertThat(stranger.log()).contains("user=stranger may not act as " + OWNER);
    }
  }

  private String token(String user) {
    return tokens.create(new Identity(user, List.of()), Instant.now().plus(Duration.ofHours(1)));
  }
}
