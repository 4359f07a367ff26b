package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.LocalJournal;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountTable;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.MountRequest;
import io.ferry.proto.RenameRequest;
import io.ferry.ufs.UnderFileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations lock only the paths they touch: while one create waits for its
 * journal write (a slow Raft round trip, here held back by the test), an
 * operation on an unrelated path goes through, and one that conflicts
 * with the held create waits for it.
 */
class PathLockingTest {
  /** How long an operation that must wait is given to show it does not complete. */
  private static final long WAITS_MS = 300;

  @TempDir Path tmp;
  private MetaStore store;
  private MountTable mounts;
  private HeldJournal journal;
  private FileSystemMaster fs;
  private final ExecutorService callers = Executors.newCachedThreadPool();
  private Future<FileInfo> heldCreate;

  @BeforeEach
  void start() throws Exception {
    store = MetaStore.open(tmp.resolve("metastore"), 1000);
    mounts = new MountTable(UnderFileSystems::create, MountCredentials.NONE);
    journal = new HeldJournal(new LocalJournal(new MetaStateMachine(store, mounts), store), "held");
    BlockLocations locations = new BlockLocations();
    WorkerRegistry workers = new WorkerRegistry(locations, System::currentTimeMillis, Duration.ofMinutes(1),
        id -> false);
    // a long sync interval: what Ferry itself created needs no UFS re-check
    fs = new FileSystemMaster(store, journal, mounts, UnderFileSystems::create, locations, workers,
        new NamespaceConfig(1 << 20, Duration.ofHours(1), 100, Duration.ofSeconds(20), Duration.ZERO), System::currentTimeMillis);
    Path ufs = Files.createDirectories(tmp.resolve("ufs"));
    fs.initRoot(ufs.toString());
    mkdir("/slow");
    mkdir("/fast");
    heldCreate = callers.submit(() -> create("/slow/held"));
    journal.awaitHeld();
  }

  @AfterEach
  void stop() throws Exception {
    journal.release();
    callers.shutdown();
    callers.awaitTermination(30, TimeUnit.SECONDS);
    mounts.close();
    store.close();
  }

  private void mkdir(String path) throws FerryException {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath(path).build());
  }

  private FileInfo create(String path) throws FerryException {
    return fs.createFile(CreateFileRequest.newBuilder().setPath(path).build());
  }

  private FileInfo stat(String path) throws FerryException {
    return fs.getStatus(GetStatusRequest.newBuilder().setPath(path).build());
  }

  /** Runs {@code call} on another thread and checks it is still waiting a while later. */
  private <T> Future<T> assertWaits(java.util.concurrent.Callable<T> call) {
    Future<T> future = callers.submit(call);
    assertThatThrownBy(() -> future.get(WAITS_MS, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    return future;
  }

  private static <T> T done(Future<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aCreateInAnUnrelatedDirectoryCompletesWhileAnotherCreateWaitsForTheJournal() throws Exception {
    FileInfo created = done(callers.submit(() -> create("/fast/file")));

    assertThat(created.getPath()).isEqualTo("/fast/file");
    assertThat(heldCreate.isDone()).isFalse();
  }

  @Test
  void aCreateOfAnotherFileInTheSameDirectoryDoesNotWait() throws Exception {
    assertThat(done(callers.submit(() -> create("/slow/other"))).getPath()).isEqualTo("/slow/other");
    assertThat(heldCreate.isDone()).isFalse();
  }

  @Test
  void aCreateOfTheSamePathWaitsAndThenFindsTheFileThere() throws Exception {
    Future<FileInfo> second = assertWaits(() -> create("/slow/held"));

    journal.release();

    assertThat(done(heldCreate).getPath()).isEqualTo("/slow/held");
    assertThatThrownBy(() -> done(second)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
  }

  @Test
  void aStatusOfThePathBeingCreatedWaitsForTheCreate() throws Exception {
    Future<FileInfo> status = assertWaits(() -> stat("/slow/held"));

    journal.release();

    assertThat(done(status).getId()).isEqualTo(done(heldCreate).getId());
  }

  @Test
  void aRecursiveDeleteOfTheDirectoryWaitsForTheCreateBelowIt() throws Exception {
    Future<Void> delete = assertWaits(() -> {
      fs.delete(DeleteRequest.newBuilder().setPath("/slow").setRecursive(true).build());
      return null;
    });

    journal.release();

    done(heldCreate);
    done(delete);
    assertThatThrownBy(() -> stat("/slow/held")).isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(fs.inodeCount()).isEqualTo(2); // the root and /fast: nothing of /slow left behind
  }

  @Test
  void aRenameOfTheDirectoryWaitsForTheCreateBelowItAndMovesTheNewFile() throws Exception {
    Future<Void> rename = assertWaits(() -> {
      fs.rename(RenameRequest.newBuilder().setSrc("/slow").setDst("/fast/moved").build());
      return null;
    });

    journal.release();

    long id = done(heldCreate).getId();
    done(rename);
    assertThat(stat("/fast/moved/held").getId()).isEqualTo(id);
  }

  @Test
  void theTransportThreadIsNotMadeToWaitForALockedPathButAnswersUnrelatedOnes() throws Exception {
    create("/fast/ready");
    GetStatusRequest held = GetStatusRequest.newBuilder().setPath("/slow/held").build();
    GetStatusRequest ready = GetStatusRequest.newBuilder().setPath("/fast/ready").build();

    assertThat(fs.getStatusWithoutWaiting(held)).isEmpty();
    assertThat(fs.getStatusWithoutWaiting(ready)).map(FileInfo::getPath).contains("/fast/ready");
  }

  @Test
  void aMountWaitsForTheOperationsInFlight() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other-ufs"));
    Future<?> mount = assertWaits(() -> fs.mount(
        MountRequest.newBuilder().setFerryPath("/mnt").setUfsUri(other.toString()).build()));

    journal.release();

    done(heldCreate);
    done(mount);
    assertThat(stat("/mnt").getMountPoint()).isTrue();
  }
}
