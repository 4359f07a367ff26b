package io.ferry.master.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.MountInfo;
import io.ferry.proto.MountRequest;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.SetAttributesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTest {
  @TempDir
  Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;
  private Path data;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    fs = master.fs();
    data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("train.csv"), "1,2,3");
  }

  @AfterEach
  void stop() {
    master.close();
  }

  private MountInfo mount(String path, String uri, Map<String, String> options) throws IOException {
    return fs.mount(MountRequest.newBuilder().setFerryPath(path).setUfsUri(uri).putAllOptions(options).build());
  }

  private static void assertFails(ErrorCode code, String messagePart, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(code))
        .hasMessageContaining(messagePart);
  }

  @Test
  void aMountWhoseCallerGaveUpIsNotApplied() {
    MountRequest request = MountRequest.newBuilder().setFerryPath("/late").setUfsUri(data.toString()).build();

    assertFails(ErrorCode.DEADLINE_EXCEEDED, "not applied", () -> fs.mount(request, () -> true));

    assertThat(fs.mountTable()).extracting(MountInfo::getFerryPath).doesNotContain("/late");
  }

  @Test
  void mountedUfsIsVisibleBelowTheMountPoint() throws IOException {
    MountInfo info = mount("/datasets", data.toString(), Map.of());

    assertThat(master.names("/datasets")).containsExactly("train.csv");
    var file = master.stat("/datasets/train.csv");
    assertThat(file.getMountId()).isEqualTo(info.getMountId());
    assertThat(file.getUfsUri()).isEqualTo(data.resolve("train.csv").toString());
    assertThat(master.stat("/datasets").getMountPoint()).isTrue();
  }

  @Test
  void mountOfAMissingUfsDirectoryFailsNotFound() {
    String missing = tmp.resolve("missing").toString();
    assertFails(ErrorCode.NOT_FOUND, missing, () -> mount("/m", missing, Map.of()));
  }

  @Test
  void mountOnAnExistingPathFails() throws IOException {
    Files.createDirectories(master.ufsRoot.resolve("taken"));
    assertFails(ErrorCode.ALREADY_EXISTS, "/taken", () -> mount("/taken", data.toString(), Map.of()));
  }

  @Test
  void mountOnAMountPointFailsWithAConflict() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    mount("/m", data.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, "/m", () -> mount("/m", other.toString(), Map.of()));
  }

  @Test
  void mountOfTheSameUfsTwiceFailsWithAConflictNamingBoth() throws IOException {
    mount("/a", data.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, "/a", () -> mount("/b", "file://" + data + "/", Map.of()));
  }

  @Test
  void mountOfAUfsInsideAnotherMountFails() throws IOException {
    Files.createDirectories(data.resolve("inner"));
    mount("/a", data.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, data.toString(), () -> mount("/b", data.resolve("inner").toString(), Map.of()));
  }

  @Test
  void mountOfAUfsContainingAnotherMountFails() throws IOException {
    Path inner = Files.createDirectories(data.resolve("inner"));
    mount("/a", inner.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, inner.toString(), () -> mount("/b", data.toString(), Map.of()));
  }

  @Test
  void mountInsideTheRootUfsFailsWithAConflict() {
    assertFails(ErrorCode.MOUNT_CONFLICT, "/",
        () -> mount("/x", master.ufsRoot.resolve("sub").toString(), Map.of()));
  }

  @Test
  void nestedMountPointsAreAllowed() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("o"), "x");
    mount("/a", data.toString(), Map.of());

    mount("/a/nested", other.toString(), Map.of());

    assertThat(master.names("/a")).containsExactly("nested", "train.csv");
    assertThat(master.names("/a/nested")).containsExactly("o");
  }

  /** A listing finds its directory's mount once; a child that is a mount point still shows its own. */
  @Test
  void aListingShowsAChildMountPointWithItsOwnMount() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    MountInfo outer = mount("/a", data.toString(), Map.of());
    MountInfo nested = mount("/a/nested", other.toString(), Map.of());

    Map<String, FileInfo> listed = new java.util.HashMap<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath("/a").build(),
        page -> page.forEach(f -> listed.put(f.getName(), f)));

    assertThat(listed.get("nested").getMountId()).isEqualTo(nested.getMountId());
    assertThat(listed.get("nested").getMountPoint()).isTrue();
    assertThat(listed.get("nested").getUfsUri()).isEqualTo(other.toString());
    assertThat(listed.get("train.csv").getMountId()).isEqualTo(outer.getMountId());
    assertThat(listed.get("train.csv").getMountPoint()).isFalse();
    assertThat(listed.get("train.csv").getUfsUri()).isEqualTo(data.resolve("train.csv").toString());
  }

  @Test
  void mountsSurviveARestart() throws IOException {
    mount("/s", data.toString(), Map.of("sync.interval", "1h"));

    master = master.restart();

    assertThat(master.fs().mountTable()).extracting(MountInfo::getFerryPath).containsExactly("/", "/s");
    assertThat(master.names("/s")).containsExactly("train.csv");
  }

  @Test
  void blockSizeOptionAppliesToFilesCreatedBelowTheMount() throws IOException {
    mount("/m", data.toString(), Map.of("block.size", "1MB"));
    assertThat(fs.createFile(CreateFileRequest.newBuilder().setPath("/m/new").build()).getBlockSize())
        .isEqualTo(1 << 20);
  }

  @Test
  void anUnknownOptionIsRefusedNamingIt() {
    assertFails(ErrorCode.INVALID_ARGUMENT, "Unknown mount option sync-interval",
        () -> mount("/m", data.toString(), Map.of("sync-interval", "1h")));
    assertThat(master.fs().mountTable()).extracting(MountInfo::getFerryPath).containsExactly("/");
  }

  @Test
  void anOptionOfAnotherBackendIsRefused() {
    assertFails(ErrorCode.INVALID_ARGUMENT, "option s3.endpoint does not apply to file:// mounts",
        () -> mount("/m", data.toString(), Map.of("s3.endpoint", "http://127.0.0.1:9000")));
  }

  @Test
  void malformedSyncIntervalIsRefused() {
    assertFails(ErrorCode.INVALID_ARGUMENT, "sync.interval", () -> mount("/m", data.toString(),
        Map.of("sync.interval", "soon")));
  }

  @Test
  void unmountRemovesTheInodesButNotTheData() throws IOException {
    mount("/m", data.toString(), Map.of());
    master.names("/m");

    fs.unmount("/m");

    assertThat(master.names("/")).isEmpty();
    assertThat(Files.exists(data.resolve("train.csv"))).isTrue();
  }

  @Test
  void unmountOfTheRootFails() {
    assertFails(ErrorCode.INVALID_ARGUMENT, "/", () -> fs.unmount("/"));
  }

  @Test
  void unmountWithANestedMountFails() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    mount("/a", data.toString(), Map.of());
    mount("/a/n", other.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, "/a/n", () -> fs.unmount("/a"));
  }

  @Test
  void deleteOfAMountPointFails() throws IOException {
    mount("/m", data.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, "is a mount point",
        () -> fs.delete(DeleteRequest.newBuilder().setPath("/m").setRecursive(true).build()));
  }

  @Test
  void deleteOfADirectoryHoldingAMountPointFailsAsAMountConflict() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.createDirectories(data.resolve("b"));
    mount("/a", data.toString(), Map.of());
    mount("/a/b/n", other.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, "/a/b/n",
        () -> fs.delete(DeleteRequest.newBuilder().setPath("/a/b").setRecursive(true).build()));
  }

  @Test
  void renameOfAMountPointFailsAsAMountConflict() throws IOException {
    mount("/m", data.toString(), Map.of());
    assertFails(ErrorCode.MOUNT_CONFLICT, "is a mount point",
        () -> fs.rename(RenameRequest.newBuilder().setSrc("/m").setDst("/n").build()));
  }

  @Test
  void renameAcrossMountsFails() throws IOException {
    mount("/m", data.toString(), Map.of());
    master.writeFile("/f", "x");
    assertFails(ErrorCode.INVALID_ARGUMENT, "across mounts",
        () -> fs.rename(RenameRequest.newBuilder().setSrc("/f").setDst("/m/f").build()));
  }

  @Test
  void readOnlyMountRefusesWrites() throws IOException {
    fs.mount(MountRequest.newBuilder().setFerryPath("/ro").setUfsUri(data.toString()).setReadOnly(true).build());
    assertFails(ErrorCode.PERMISSION_DENIED, "/ro",
        () -> fs.createFile(CreateFileRequest.newBuilder().setPath("/ro/new").build()));
  }
  @Test
  void readOnlyMountRefusesAttributeChanges() throws IOException {
    fs.mount(MountRequest.newBuilder().setFerryPath("/ro").setUfsUri(data.toString()).setReadOnly(true).build());
    Files.writeString(data.resolve("f"), "x");
    assertFails(ErrorCode.PERMISSION_DENIED, "read-only",
        () -> fs.setAttributes(SetAttributesRequest.newBuilder().setPath("/ro/f").setMode(0600).build()));
  }
}
