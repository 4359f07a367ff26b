package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.client.LoadJobStatus;
import io.ferry.client.LoadJobWaiter;
import io.ferry.client.TimeToLive;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load jobs and the other calls on cached data under TOKEN authentication,
 * across real processes: a job needs read permission on its path and runs
 * with its creator's permissions, only its creator (or a superuser) sees or
 * cancels it, and every such call is in the audit log.
 */
class LoadJobPermissionsIT {
  private static final int ALICE_BYTES = 3000;
  private static final int OPEN_BYTES = 1000;

  @TempDir static Path dir;
  private static TokenAuth auth;
  private static FerryCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    auth = new TokenAuth(dir.resolve("token.key"));
    cluster = auth.cluster(dir.resolve("cluster"), 1).start();
    TokenAuth.makeShared(cluster, "/shared");
    try (FerryClient alice = client("alice")) {
      alice.createDirectory("/shared/alice", false, 0700);
      write(alice, "/shared/alice/private.bin", ALICE_BYTES, 0600);
      write(alice, "/shared/alice-secret.bin", ALICE_BYTES, 0600);
      write(alice, "/shared/open.bin", OPEN_BYTES, 0644);
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void aUserCannotLoadADirectoryItCannotRead() throws Exception {
    try (FerryClient bob = client("bob")) {
      assertRefused(() -> bob.createLoadJob("/shared/alice", 1, 0), "user=bob", "operation=load",
          "path=/shared/alice");
      assertRefused(() -> bob.createLoadJob("/shared/alice-secret.bin", 1, 0), "operation=load");
    }
    assertThat(auditLines("user=bob\tip=127.0.0.1\tcmd=createLoadJob\tsrc=/shared/alice")).containsExactly(
        "allowed=false\tuser=bob\tip=127.0.0.1\tcmd=createLoadJob\tsrc=/shared/alice\tdst=null",
        "allowed=false\tuser=bob\tip=127.0.0.1\tcmd=createLoadJob\tsrc=/shared/alice-secret.bin\tdst=null");
  }

  @Test
  void aJobSkipsWhatItsCreatorCannotReadAndCountsNoneOfItsBytes() throws Exception {
    try (FerryClient bob = client("bob")) {
      LoadJobStatus job = new LoadJobWaiter(bob, Duration.ofMillis(100))
          .await(bob.createLoadJob("/shared", 1, 0).jobId(), status -> {});

      assertThat(job.bytesTotal()).isEqualTo(OPEN_BYTES);
      assertThat(job.filesDone()).isEqualTo(1);
      assertThat(job.failures()).extracting(LoadJobStatus.FailedFile::path, LoadJobStatus.FailedFile::errorCode)
          .containsExactlyInAnyOrder(
              tuple("/shared/alice", "PERMISSION_DENIED"),
              tuple("/shared/alice-secret.bin", "PERMISSION_DENIED"));
    }
    assertThat(auditLines("cmd=load\t")).contains(
        "allowed=false\tuser=bob\tip=-\tcmd=load\tsrc=/shared/alice\tdst=null",
        "allowed=false\tuser=bob\tip=-\tcmd=load\tsrc=/shared/alice-secret.bin\tdst=null");
  }

  @Test
  void onlyTheCreatorOfAJobAndASuperuserSeeOrCancelIt() throws Exception {
    try (FerryClient alice = client("alice"); FerryClient bob = client("bob"); FerryClient admin = client("admin")) {
      long id = alice.createLoadJob("/shared/alice", 1, 0).jobId();

      assertThat(alice.getLoadJob(id).path()).isEqualTo("/shared/alice");
      assertThat(admin.getLoadJob(id).path()).isEqualTo("/shared/alice");
      assertThat(admin.listLoadJobs()).extracting(LoadJobStatus::jobId).contains(id);
      assertThat(bob.listLoadJobs()).extracting(LoadJobStatus::jobId).doesNotContain(id);
      assertRefused(() -> bob.getLoadJob(id), "user=bob", "operation=getLoadJob", "only its owner alice may");
      assertRefused(() -> bob.cancelLoadJob(id), "user=bob", "operation=cancelLoadJob");
      alice.cancelLoadJob(id);
    }
  }

  @Test
  void freePinTimesToLiveAndPersistAreAudited() throws Exception {
    try (FerryClient alice = client("alice")) {
      write(alice, "/shared/audited.bin", OPEN_BYTES, 0644);
      alice.pin("/shared/audited.bin");
      alice.unpin("/shared/audited.bin");
      alice.setTtl("/shared/audited.bin", Duration.ofDays(1), TimeToLive.Action.FREE);
      alice.free("/shared/audited.bin");
      alice.persist("/shared/audited.bin");
    }
    assertThat(auditLines("src=/shared/audited.bin")).containsExactly(
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=createFile\tsrc=/shared/audited.bin\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=setPinned\tsrc=/shared/audited.bin\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=setPinned\tsrc=/shared/audited.bin\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=setTtl\tsrc=/shared/audited.bin\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=free\tsrc=/shared/audited.bin\tdst=null",
        "allowed=true\tuser=alice\tip=127.0.0.1\tcmd=persist\tsrc=/shared/audited.bin\tdst=null");
  }

  /** The audit log's entries (without their time) that contain {@code text}. */
  private static List<String> auditLines(String text) throws Exception {
    return Files.readAllLines(cluster.auditLog()).stream().map(l -> l.substring(l.indexOf(' ') + 1))
        .filter(l -> l.contains(text)).toList();
  }

  private static void write(FerryClient client, String path, int length, int mode) throws Exception {
    try (FerryOutputStream out = client.createFile(path, CreateOptions.DEFAULT.withMode(mode))) {
      out.write(new byte[length]);
    }
  }

  private static void assertRefused(ThrowingCallable call, String... why) {
    assertThatThrownBy(call).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED)).hasMessageContainingAll(why);
  }

  private static FerryClient client(String user) {
    return auth.client(cluster, user);
  }
}
