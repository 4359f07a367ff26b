package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.security.Identity;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.journal.LocalJournal;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountTable;
import io.ferry.master.security.PermissionChecker;
import io.ferry.master.security.Superusers;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.MountRequest;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.SetAttributesRequest;
import io.ferry.ufs.UnderFileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POSIX permissions on the namespace, for an authenticated caller: alice's
 * private files and directories are hers; bob is refused, naming user,
 * operation and path; a superuser passes every check.
 */
class NamespacePermissionsTest {
  private static final Identity ALICE = new Identity("alice", List.of("staff"));
  private static final Identity BOB = new Identity("bob", List.of("staff"));
  private static final Identity ADMIN = new Identity("admin", List.of());

  @TempDir Path tmp;
  private MetaStore store;
  private MountTable mounts;
  private FileSystemMaster fs;
  /** The caller of the next operation; null runs it as the master itself. */
  private Identity caller;

  @BeforeEach
  void start() throws Exception {
    store = MetaStore.open(tmp.resolve("metastore"), 1000);
    mounts = new MountTable(UnderFileSystems::create, MountCredentials.NONE);
    BlockLocations locations = new BlockLocations();
    PermissionChecker permissions =
        new PermissionChecker(() -> Optional.ofNullable(caller), new Superusers(Set.of("admin"), ""), 022);
    fs = new FileSystemMaster(store, new LocalJournal(new MetaStateMachine(store, mounts), store), mounts,
        UnderFileSystems::create, locations, new WorkerRegistry(locations, System::currentTimeMillis,
            Duration.ofMinutes(1), id -> false),
        new NamespaceConfig(1 << 20, Duration.ofHours(1), 100, Duration.ofSeconds(20), Duration.ZERO), System::currentTimeMillis,
        permissions);
    fs.initRoot(Files.createDirectories(tmp.resolve("ufs")).toString());
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/shared").setMode(0777).build());
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/tmp").setMode(01777).build());
    caller = ALICE;
    mkdir("/shared/alice", 0700);
    create("/shared/alice/notes.txt", 0600);
    create("/shared/readme.txt", 0600);
    create("/tmp/alice.txt", 0666);
  }

  @AfterEach
  void stop() {
    mounts.close();
    store.close();
  }

  @Test
  void createdEntriesBelongToTheCallerWithTheUmaskApplied() throws FerryException {
    caller = ALICE;
    FileInfo file = create("/shared/open.txt", 0666);

    assertThat(file.getOwner()).isEqualTo("alice");
    assertThat(file.getMode()).isEqualTo(0644);
  }

  @Test
  void theOwnerReadsListsAndDeletesHerPrivateFiles() throws FerryException {
    caller = ALICE;
    assertThat(open("/shared/alice/notes.txt").getLength()).isZero();
    assertThat(list("/shared/alice")).containsExactly("notes.txt");

    fs.delete(DeleteRequest.newBuilder().setPath("/shared/alice").setRecursive(true).build());
  }

  @Test
  void anotherUserCannotTraverseAPrivateDirectory() {
    caller = BOB;
    assertDenied(() -> stat("/shared/alice/notes.txt"), "user=bob, operation=getStatus, path=/shared/alice/notes.txt",
        "needs x on /shared/alice");
  }

  @Test
  void anotherUserCannotListAPrivateDirectory() {
    caller = BOB;
    assertDenied(() -> list("/shared/alice"), "operation=listStatus, path=/shared/alice", "needs rx");
  }

  @Test
  void anotherUserCannotOpenAPrivateFile() throws FerryException {
    caller = BOB;
    stat("/shared/readme.txt"); // its status is visible to all who may traverse /shared
    assertDenied(() -> open("/shared/readme.txt"), "operation=getStatus, path=/shared/readme.txt", "needs r");
  }

  @Test
  void anotherUserCannotDeleteOrRenameAPrivateDirectory() {
    caller = BOB;
    assertDenied(() -> fs.delete(DeleteRequest.newBuilder().setPath("/shared/alice").setRecursive(true).build()),
        "operation=delete, path=/shared/alice", "needs wx on /shared/alice");
    assertDenied(() -> fs.rename(RenameRequest.newBuilder().setSrc("/shared/alice/notes.txt")
        .setDst("/shared/stolen.txt").build()), "operation=rename", "/shared/alice");
  }

  @Test
  void inAStickyDirectoryOnlyTheOwnerRemovesAnEntry() {
    caller = BOB;
    assertDenied(() -> fs.delete(DeleteRequest.newBuilder().setPath("/tmp/alice.txt").build()),
        "operation=delete, path=/tmp/alice.txt", "/tmp is sticky");
  }

  @Test
  void onlyASuperuserChangesTheOwner() throws FerryException {
    caller = ALICE;
    assertDenied(() -> fs.setAttributes(SetAttributesRequest.newBuilder().setPath("/shared/readme.txt")
        .setOwner("bob").build()), "operation=setAttributes", "only a superuser may change the owner");

    caller = ADMIN;
    assertThat(fs.setAttributes(SetAttributesRequest.newBuilder().setPath("/shared/readme.txt").setOwner("bob")
        .build()).getOwner()).isEqualTo("bob");
  }

  @Test
  void onlyTheOwnerChangesTheMode() {
    caller = BOB;
    assertDenied(() -> fs.setAttributes(SetAttributesRequest.newBuilder().setPath("/shared/readme.txt")
        .setMode(0666).build()), "operation=setAttributes", "only its owner alice may");
  }

  @Test
  void onlyASuperuserMounts() throws Exception {
    caller = ALICE;
    String ufs = Files.createDirectories(tmp.resolve("other")).toString();
    assertDenied(() -> fs.mount(MountRequest.newBuilder().setFerryPath("/shared/mnt").setUfsUri(ufs).build()),
        "operation=mount, path=/shared/mnt", "only a superuser may");
    assertDenied(() -> fs.unmount("/shared"), "operation=unmount", "only a superuser may");
  }

  @Test
  void aSuperuserPassesEveryCheck() throws FerryException {
    caller = ADMIN;
    assertThat(open("/shared/alice/notes.txt").getOwner()).isEqualTo("alice");
    fs.delete(DeleteRequest.newBuilder().setPath("/shared/alice").setRecursive(true).build());
  }

  @Test
  void withoutACallerNothingIsChecked() throws FerryException {
    caller = null;
    assertThat(create("/notes.txt", 0600).getOwner()).isEqualTo("requested-owner");
  }

  private FileInfo create(String path, int mode) throws FerryException {
    return fs.createFile(CreateFileRequest.newBuilder().setPath(path).setMode(mode).setOwner("requested-owner").build());
  }

  private void mkdir(String path, int mode) throws FerryException {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath(path).setMode(mode).build());
  }

  private FileInfo stat(String path) throws FerryException {
    return fs.getStatus(GetStatusRequest.newBuilder().setPath(path).build());
  }

  private FileInfo open(String path) throws FerryException {
    return fs.getStatus(GetStatusRequest.newBuilder().setPath(path).setIncludeBlocks(true).build());
  }

  private List<String> list(String path) throws FerryException {
    List<String> names = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath(path).build(),
        page -> page.forEach(f -> names.add(f.getName())));
    return names;
  }

  private static void assertDenied(ThrowingCallable call, String... parts) {
    assertThatThrownBy(call).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
        .hasMessageContaining("Permission denied").hasMessageContainingAll(parts);
  }
}
