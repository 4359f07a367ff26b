package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIMPLE authentication across real processes: the `ferry` CLI states its OS
 * user, which the master believes; the user the master runs as is a
 * superuser, another user gets the permissions of its own.
 */
class SimpleAuthenticationIT {
  @TempDir static Path dir;
  private static FerryCluster cluster;
  private static FerryCli asMastersUser;
  private static FerryCli asBob;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(1)
        .masterProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "SIMPLE")
        .workerProperty(PropertyKey.SECURITY_AUTHENTICATION_TYPE, "SIMPLE")
        .start();
    asMastersUser = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
    asBob = asMastersUser.withProperty("user.name", "bob-" + ProcessHandle.current().pid()); // no such OS user
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void theMastersOwnUserIsASuperuser() throws Exception {
    asMastersUser.ok("fs", "mkdir", "/projects");

    assertThat(asMastersUser.ok("fs", "ls", "/")).contains("projects");
  }

  @Test
  void anotherUserIsRefusedWhatTheModesDoNotAllowItNamingUserOperationAndPath() throws Exception {
    FerryCli.Result mkdir = asBob.run("fs", "mkdir", "/bobs");

    assertThat(mkdir.exitCode()).isEqualTo(1);
    assertThat(mkdir.stderr()).startsWith("ferry: Permission denied: user=bob-")
        .contains("operation=createDirectory, path=/");
  }
}
