package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.AttributeChanges;
import io.ferry.client.FerryClient;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FUSE identity (issue 16 point 5) across real processes: a master and a
 * worker with TOKEN authentication, and a mount run by root with allow_other
 * and default_permissions, authenticated as user ferry-fuse, which the
 * master lets act for others. Each local user's calls through the mount run
 * as that user: daemon's private files are refused to nobody (EACCES; EPERM
 * for a delete in a sticky directory), while daemon and root may. A mount
 * whose user may not impersonate acts for no one but that user.
 */
class FuseIdentityIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final String MOUNT_USER = "ferry-fuse";
  private static final String OWNER = "daemon";
  private static final String OTHER = "nobody";

  private static Path base;
  private static Tokens tokens;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;
  private static FerryClient admin;

  @BeforeAll
  static void start() throws Exception {
    base = FuseTestDirs.create(Path.of("/tmp"), "ferry-fuse-identity-");
    Path keyFile = base.resolve("token.key");
    tokens = new Tokens(TokenKeyFile.readOrCreate(keyFile));
    cluster = FerryCluster.builder(base.resolve("cluster")).workers(1)
        .masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .masterProperty(PropertyKey.SECURITY_TOKEN_KEY_FILE, keyFile)
        .masterProperty(PropertyKey.SECURITY_IMPERSONATION_USERS, MOUNT_USER)
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "TOKEN")
        .clientProperty(PropertyKey.SECURITY_TOKEN, token(System.getProperty("user.name"))) // the master's: a superuser
        .start();
    admin = cluster.newClient();
    admin.createDirectory("/shared", false, 0777);
    admin.setAttributes("/shared", AttributeChanges.NONE.withMode(01777)); // as /tmp: sticky
    mount = new FuseMountProcess(cluster, base.resolve("mnt"))
        .property(PropertyKey.SECURITY_AUTHENTICATION_TYPE.name(), "TOKEN")
        .property(PropertyKey.SECURITY_TOKEN.name(), token(MOUNT_USER))
        .start();
    as(OWNER, "umask 077 && mkdir shared/private && printf secret > shared/private/f.txt"
        + " && printf secret > shared/private.txt");
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (mount != null) {
      mount.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    FuseTestDirs.delete(base);
  }

  @Test
  void whatAUserWritesThroughTheMountBelongsToThatUser() throws Exception {
    as(OWNER, "printf x > shared/owned.txt");

    assertThat(admin.getStatus("/shared/owned.txt").owner()).isEqualTo(OWNER);
    assertThat(as(OWNER, "stat -c %U shared/owned.txt").trim()).isEqualTo(OWNER);
  }

  @Test
  void theMastersAuditLogNamesTheUserAndTheMountActingForIt() throws Exception {
    as(OWNER, "printf x > shared/audited.txt");

    assertThat(Files.readString(cluster.auditLog()))
        .contains("user=" + OWNER + " via " + MOUNT_USER + "\tip=127.0.0.1\tcmd=createFile\tsrc=/shared/audited.txt");
  }

  @Test
  void anotherUserCannotReadAPrivateFile() throws Exception {
    assertRefused(tryAs(OTHER, "cat shared/private.txt"), "Permission denied");
  }

  @Test
  void anotherUserCannotListDeleteOrRenameFilesInAPrivateDirectory() throws Exception {
    assertRefused(tryAs(OTHER, "ls shared/private"), "Permission denied");
    assertRefused(tryAs(OTHER, "rm -f shared/private/f.txt"), "Permission denied");
    assertRefused(tryAs(OTHER, "mv shared/private/f.txt shared/stolen.txt"), "Permission denied");

    assertThat(admin.getStatus("/shared/private/f.txt").owner()).isEqualTo(OWNER);
  }

  @Test
  void anotherUserCannotDeleteOrRenameAPrivateFileInAStickyDirectory() throws Exception {
    assertRefused(tryAs(OTHER, "rm -f shared/private.txt"), "Operation not permitted");
    assertRefused(tryAs(OTHER, "mv shared/private.txt shared/stolen.txt"), "Operation not permitted");

    assertThat(admin.getStatus("/shared/private.txt").owner()).isEqualTo(OWNER);
  }

  @Test
  void theOwnerAndRootReadAndListThePrivateFiles() throws Exception {
    assertThat(as(OWNER, "cat shared/private.txt && ls shared/private")).isEqualTo("secretf.txt\n");
    assertThat(Shell.sh(mount.dir(), TIMEOUT, "cat shared/private/f.txt && ls shared/private"))
        .isEqualTo("secretf.txt\n");
  }

  @Test
  void theOwnerRenamesAndDeletesItsPrivateFiles() throws Exception {
    as(OWNER, "umask 077 && printf x > shared/private/mine.txt && mv shared/private/mine.txt shared/private/moved.txt"
        + " && rm shared/private/moved.txt");

    assertThat(as(OWNER, "ls shared/private")).isEqualTo("f.txt\n");
  }

  @Test
  void rootDeletesAnotherUsersPrivateFile() throws Exception {
    as(OWNER, "umask 077 && printf x > shared/private/for-root.txt");

    Shell.sh(mount.dir(), TIMEOUT, "rm shared/private/for-root.txt");

    assertThat(as(OWNER, "ls shared/private")).isEqualTo("f.txt\n");
  }

  @Test
  void aMountWhoseUserMayNotImpersonateIsRefusedActingForAnotherUser() throws Exception {
    try (FuseMountProcess stranger = new FuseMountProcess(cluster, base.resolve("mnt-stranger"))
        .property(PropertyKey.SECURITY_AUTHENTICATION_TYPE.name(), "TOKEN")
        .property(PropertyKey.SECURITY_TOKEN.name(), token("stranger"))
        .start()) {
      assertRefused(tryAs(OWNER, base, "ls " + stranger.dir().getFileName() + "/shared"), "Permission denied");

      assertThat(stranger.log()).contains("user=stranger may not act as " + OWNER);
    }
  }

  /** Runs {@code script}, which must succeed, in the mount directory as local user {@code user}; its output. */
  private static String as(String user, String script) throws Exception {
    Shell.Result result = tryAs(user, script);
    assertThat(result.exitCode()).as(user + ": " + script + "\n" + result.output()).isZero();
    return result.output();
  }

  private static Shell.Result tryAs(String user, String script) throws Exception {
    return tryAs(user, mount.dir(), script);
  }

  /** Runs {@code script} in {@code dir} as local user {@code user} (no supplementary groups). */
  private static Shell.Result tryAs(String user, Path dir, String script) throws Exception {
    return Shell.run(dir, TIMEOUT, "setpriv", "--reuid=" + id("-u", user), "--regid=" + id("-g", user),
        "--clear-groups", "sh", "-c", script);
  }

  /** The uid ({@code -u}) or gid ({@code -g}) of a local user. */
  private static String id(String option, String user) throws Exception {
    return Shell.ok(null, TIMEOUT, "id", option, user).trim();
  }

  private static void assertRefused(Shell.Result result, String error) {
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(error);
  }

  private static String token(String user) {
    return tokens.create(new Identity(user, List.of()), Instant.now().plus(Duration.ofHours(1)));
  }
}
