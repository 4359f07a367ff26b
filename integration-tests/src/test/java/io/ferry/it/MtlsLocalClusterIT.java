package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry local start --secure=mtls}: MTLS authentication, each
 * command's user is its client certificate's CN. bin/ferry's commands of the
 * cluster present the certificate of the user who started it (a superuser);
 * `ferry admin tls user` issues another user's, who gets the permissions of
 * that user. The FUSE mount (the server certificate, allowed to act for
 * others) serves its own user.
 */
class MtlsLocalClusterIT {
  @TempDir static Path dir;
  private static LocalLauncher ferry;

  @BeforeAll
  static void startCluster() throws Exception {
    ferry = new LocalLauncher(dir, 1);
    assertThat(ferry.ok("local", "start", "--secure=mtls")).contains("Mutual TLS and MTLS authentication");
  }

  @AfterAll
  static void stop() throws Exception {
    ferry.ok("local", "stop");
  }

  @Test
  void theClusterCommandsActAsTheUserWhoStartedIt() throws Exception {
    ferry.ok("fs", "mkdir", "/by-the-superuser");

    assertThat(ferry.ok("fs", "ls", "/")).contains("by-the-superuser");
  }

  @Test
  void anotherUsersCertificateGetsThatUsersPermissions() throws Exception {
    Path secure = ferry.stateDir().resolve("secure");
    assertThat(ferry.ok("admin", "tls", "user", "--dir", secure.toString(), "--user", "bob"))
        .contains(secure.resolve("user-bob.pem").toString());

    FerryCli.Result mkdir = ferry.run("-Dferry.security.tls.cert=" + secure.resolve("user-bob.pem"),
        "-Dferry.security.tls.key=" + secure.resolve("user-bob.key"), "fs", "mkdir", "/bobs");

    assertThat(mkdir.exitCode()).isNotZero();
    assertThat(mkdir.stdout()).contains("Permission denied: user=bob").contains("operation=createDirectory");
  }

  @Test
  void theFuseMountServesItsOwnUser() throws Exception {
    Files.writeString(ferry.mountPoint().resolve("mine.txt"), "written through the mount");

    // the kernel releases a written file after close() returns: it completes a moment later
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    FerryCli.Result cat = ferry.run("fs", "cat", "/mine.txt");
    while (cat.exitCode() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      cat = ferry.run("fs", "cat", "/mine.txt");
    }
    assertThat(cat.stdout()).isEqualTo("written through the mount");
    assertThat(ferry.ok("fs", "ls", "/mine.txt")).as("the mount's user, not the certificate's")
        .contains(System.getProperty("user.name"));
  }
}
