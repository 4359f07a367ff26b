package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.AttributeChanges;
import io.ferry.client.FerryClient;
import io.ferry.it.FerryCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * FUSE identity (issue 16 point 5) across real processes, whatever the
 * authentication: a master and a worker, and a mount run by root with
 * allow_other and default_permissions. Each local user's calls through the
 * mount run as that user (setpriv): daemon's private files are refused to
 * nobody (EACCES; EPERM for a delete in a sticky directory), while daemon and
 * root may. The test's own client is root, the master's user: a superuser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FuseIdentityTests {
  static final Duration TIMEOUT = Duration.ofMinutes(2);
  static final String OWNER = "daemon";
  static final String OTHER = "nobody";

  MountedCluster fuse;
  Path base;
  FerryCluster cluster;
  FuseMountProcess mount;
  FerryClient admin;

  /** The authentication of the master, the worker and the test's client. */
  abstract FerryCluster.Builder authenticated(FerryCluster.Builder cluster) throws Exception;

  /** The authentication of a mount. */
  abstract FuseMountProcess authenticated(FuseMountProcess mount);

  @BeforeAll
  void start() throws Exception {
    fuse = MountedCluster.builder("ferry-fuse-identity-")
        .cluster(b -> authenticated(b.workers(1)))
        .beforeMount(FuseIdentityTests::makeStickyShare)
        .mount(this::authenticated)
        .start();
    base = fuse.base();
    cluster = fuse.cluster();
    mount = fuse.mount();
    admin = fuse.client();
    as(OWNER, "umask 077 && mkdir shared/private && printf secret > shared/private/f.txt"
        + " && printf secret > shared/private.txt");
  }

  /** /shared: writable by all, sticky, as /tmp. */
  private static void makeStickyShare(FerryCluster cluster) throws Exception {
    try (FerryClient admin = cluster.newClient()) {
      admin.createDirectory("/shared", false, 0777);
      admin.setAttributes("/shared", AttributeChanges.NONE.withMode(01777));
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
  }

  @Test
  void whatAUserWritesThroughTheMountBelongsToThatUser() throws Exception {
    as(OWNER, "printf x > shared/owned.txt");

    assertThat(admin.getStatus("/shared/owned.txt").owner()).isEqualTo(OWNER);
    assertThat(as(OWNER, "stat -c %U shared/owned.txt").trim()).isEqualTo(OWNER);
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

  /** Runs {@code script}, which must succeed, in the mount directory as local user {@code user}; its output. */
  String as(String user, String script) throws Exception {
    Shell.Result result = tryAs(user, script);
    assertThat(result.exitCode()).as(user + ": " + script + "\n" + result.output()).isZero();
    return result.output();
  }

  Shell.Result tryAs(String user, String script) throws Exception {
    return tryAs(user, mount.dir(), script);
  }

  /** Runs {@code script} in {@code dir} as local user {@code user} (no supplementary groups). */
  static Shell.Result tryAs(String user, Path dir, String script) throws Exception {
    return Shell.run(dir, TIMEOUT, "setpriv", "--reuid=" + id("-u", user), "--regid=" + id("-g", user),
        "--clear-groups", "sh", "-c", script);
  }

  /** The uid ({@code -u}) or gid ({@code -g}) of a local user. */
  static String id(String option, String user) throws Exception {
    return Shell.ok(null, TIMEOUT, "id", option, user).trim();
  }

  static void assertRefused(Shell.Result result, String error) {
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(error);
  }
}
