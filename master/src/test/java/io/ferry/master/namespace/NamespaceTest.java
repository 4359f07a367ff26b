package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.SetAttributesRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {
  @TempDir
  Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    master = TestMaster.start(tmp);
    fs = master.fs();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  private Path ufs(String relative) {
    return master.ufsRoot.resolve(relative);
  }

  private static void assertFails(ErrorCode code, String messagePart, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(FerryException.class)
        .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(code))
        .hasMessageContaining(messagePart);
  }

  private CreateFileRequest.Builder create(String path) {
    return CreateFileRequest.newBuilder().setPath(path);
  }

  private DeleteRequest delete(String path, boolean recursive) {
    return DeleteRequest.newBuilder().setPath(path).setRecursive(recursive).build();
  }

  private RenameRequest rename(String src, String dst) {
    return RenameRequest.newBuilder().setSrc(src).setDst(dst).build();
  }

  @Test
  void rootIsADirectoryMountedOnTheRootUfs() throws IOException {
    FileInfo root = master.stat("/");
    assertThat(root.getIsDirectory()).isTrue();
    assertThat(root.getPath()).isEqualTo("/");
    assertThat(root.getMountPoint()).isTrue();
    assertThat(root.getUfsUri()).isEqualTo(master.ufsRoot.toString());
    assertThat(root.getMountId()).isPositive();
  }

  @Test
  void filesInTheUfsAreLoadedLazilyOnStat() throws IOException {
    Files.createDirectories(ufs("a/b"));
    Files.writeString(ufs("a/b/data.txt"), "hello");

    FileInfo info = master.stat("/a/b/data.txt");

    assertThat(info.getLength()).isEqualTo(5);
    assertThat(info.getPersisted()).isTrue();
    assertThat(info.getComplete()).isTrue();
    assertThat(info.getFingerprint()).isEqualTo(TestMaster.ufsFingerprint(ufs("a/b/data.txt")));
    assertThat(info.getUfsUri()).isEqualTo(ufs("a/b/data.txt").toString());
    assertThat(info.getName()).isEqualTo("data.txt");
  }

  @Test
  void listingLoadsAUfsDirectoryInNameOrder() throws IOException {
    Files.createDirectories(ufs("d/sub"));
    Files.writeString(ufs("d/b"), "b");
    Files.writeString(ufs("d/a"), "a");

    assertThat(master.names("/d")).containsExactly("a", "b", "sub");
  }

  @Test
  void listingIsStreamedInPagesAndResumesAfterAName() throws IOException {
    Files.createDirectories(ufs("many"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(ufs(String.format("many/f%02d", i)), "x");
    }
    List<Integer> pageSizes = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath("/many").build(), page -> pageSizes.add(page.size()));
    assertThat(pageSizes).containsExactly(7, 7, 6);

    List<String> rest = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath("/many").setStartAfter("f15").setPageSize(3).build(),
        page -> page.forEach(f -> rest.add(f.getName())));
    assertThat(rest).containsExactly("f16", "f17", "f18", "f19");
  }

  @Test
  void listingAFileReturnsTheFile() throws IOException {
    Files.writeString(ufs("single"), "x");
    assertThat(master.names("/single")).containsExactly("single");
  }

  @Test
  void statOfAMissingPathFailsNotFound() {
    assertFails(ErrorCode.NOT_FOUND, "/nope", () -> master.stat("/nope"));
  }

  @Test
  void invalidPathFailsInvalidPath() {
    assertFails(ErrorCode.INVALID_PATH, "relative", () -> master.stat("relative"));
  }

  @Test
  void createdFileIsIncompleteUntilCompleted() throws IOException {
    FileInfo created = fs.createFile(create("/f").setBlockSize(1024).build());
    assertThat(created.getComplete()).isFalse();
    assertThat(created.getBlockSize()).isEqualTo(1024);
    assertThat(created.getUfsUri()).isEqualTo(ufs("f").toString());

    FileInfo done = fs.completeFile(CompleteFileRequest.newBuilder().setFileId(created.getId()).setPath("/f")
        .setLength(3000).setFingerprint("").build());

    assertThat(done.getComplete()).isTrue();
    assertThat(done.getPersisted()).isFalse();
    assertThat(master.stat("/f").getLength()).isEqualTo(3000);
  }

  @Test
  void completedFileWithAFingerprintIsPersisted() throws IOException {
    FileInfo f = master.writeFile("/dir/p.bin", "abc");
    assertThat(f.getPersisted()).isTrue();
    assertThat(f.getLength()).isEqualTo(3);
  }

  @Test
  void createOfAnExistingFileWithoutOverwriteFails() throws IOException {
    master.writeFile("/f", "1");
    assertFails(ErrorCode.ALREADY_EXISTS, "/f", () -> fs.createFile(create("/f").build()));
  }

  @Test
  void createOfAFileThatExistsOnlyInTheUfsFails() throws IOException {
    Files.writeString(ufs("only-in-ufs"), "x");
    assertFails(ErrorCode.ALREADY_EXISTS, "/only-in-ufs", () -> fs.createFile(create("/only-in-ufs").build()));
  }

  @Test
  void overwriteReplacesTheFileWithAFreshId() throws IOException {
    FileInfo old = master.writeFile("/f", "1");
    FileInfo replaced = fs.createFile(create("/f").setOverwrite(true).build());
    assertThat(replaced.getId()).isNotEqualTo(old.getId());
    assertThat(master.stat("/f").getComplete()).isFalse();
  }

  @Test
  void createWithoutParentFailsUnlessRecursive() throws IOException {
    assertFails(ErrorCode.NOT_FOUND, "/x/y", () -> fs.createFile(create("/x/y/f").build()));

    fs.createFile(create("/x/y/f").setRecursive(true).build());

    assertThat(Files.isDirectory(ufs("x/y"))).isTrue();
    assertThat(master.stat("/x/y").getIsDirectory()).isTrue();
  }

  @Test
  void createBelowAFileFailsNotADirectory() throws IOException {
    master.writeFile("/file", "x");
    assertFails(ErrorCode.NOT_A_DIRECTORY, "/file", () -> fs.createFile(create("/file/child").build()));
  }

  @Test
  void createDirectoryMakesItInTheUfs() throws IOException {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/a/b/c").setRecursive(true).build());
    assertThat(Files.isDirectory(ufs("a/b/c"))).isTrue();
    assertThat(master.names("/a/b")).containsExactly("c");
  }

  @Test
  void createDirectoryOfAnExistingDirectoryFailsUnlessAllowed() throws IOException {
    Files.createDirectories(ufs("d"));
    assertFails(ErrorCode.ALREADY_EXISTS, "/d",
        () -> fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/d").build()));
    assertThat(fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/d").setAllowExists(true).build())
        .getIsDirectory()).isTrue();
  }

  @Test
  void deleteRemovesTheFileFromTheUfsAndTheNamespace() throws IOException {
    master.writeFile("/f", "x");
    fs.delete(delete("/f", false));
    assertThat(Files.exists(ufs("f"))).isFalse();
    assertFails(ErrorCode.NOT_FOUND, "/f", () -> master.stat("/f"));
  }

  @Test
  void deleteOfNonEmptyDirectoryWithoutRecursiveFails() throws IOException {
    Files.createDirectories(ufs("d"));
    Files.writeString(ufs("d/only-in-ufs"), "x");
    assertFails(ErrorCode.DIRECTORY_NOT_EMPTY, "/d", () -> fs.delete(delete("/d", false)));
    assertThat(Files.exists(ufs("d/only-in-ufs"))).isTrue();
  }

  @Test
  void recursiveDeleteRemovesTheWholeTree() throws IOException {
    Files.createDirectories(ufs("d/e"));
    Files.writeString(ufs("d/e/f"), "x");
    long before = fs.inodeCount();
    master.names("/d/e");

    fs.delete(delete("/d", true));

    assertThat(Files.exists(ufs("d"))).isFalse();
    assertThat(master.names("/")).isEmpty();
    assertThat(fs.inodeCount()).isEqualTo(before);
  }

  @Test
  void deleteOfTheRootFails() {
    assertFails(ErrorCode.INVALID_ARGUMENT, "root", () -> fs.delete(delete("/", true)));
  }

  @Test
  void renameMovesTheFileAndKeepsItsId() throws IOException {
    FileInfo f = master.writeFile("/a/f", "x");
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/b").build());

    fs.rename(rename("/a/f", "/b/g"));

    assertThat(master.stat("/b/g").getId()).isEqualTo(f.getId());
    assertThat(Files.readString(ufs("b/g"))).isEqualTo("x");
    assertThat(Files.exists(ufs("a/f"))).isFalse();
    assertFails(ErrorCode.NOT_FOUND, "/a/f", () -> master.stat("/a/f"));
  }

  @Test
  void renameOfADirectoryMovesItsChildren() throws IOException {
    FileInfo f = master.writeFile("/a/f", "x");
    fs.rename(rename("/a", "/z"));
    assertThat(master.stat("/z/f").getId()).isEqualTo(f.getId());
  }

  @Test
  void renameOfAMissingSourceFails() {
    assertFails(ErrorCode.NOT_FOUND, "/missing", () -> fs.rename(rename("/missing", "/x")));
  }

  @Test
  void renameOntoAnExistingPathFails() throws IOException {
    master.writeFile("/a", "1");
    master.writeFile("/b", "2");
    assertFails(ErrorCode.ALREADY_EXISTS, "/b", () -> fs.rename(rename("/a", "/b")));
  }

  @Test
  void renameIntoAMissingDirectoryFails() throws IOException {
    master.writeFile("/a", "1");
    assertFails(ErrorCode.NOT_FOUND, "/no/such", () -> fs.rename(rename("/a", "/no/such/a")));
  }

  @Test
  void renameIntoItselfFails() throws IOException {
    Files.createDirectories(ufs("d"));
    assertFails(ErrorCode.INVALID_ARGUMENT, "/d/e", () -> fs.rename(rename("/d", "/d/e")));
  }

  @Test
  void changedUfsFileIsDetectedOnStat() throws IOException {
    Files.writeString(ufs("f"), "one");
    FileInfo before = master.stat("/f");

    Files.writeString(ufs("f"), "three");

    FileInfo after = master.stat("/f");
    assertThat(after.getLength()).isEqualTo(5);
    assertThat(after.getFingerprint()).isNotEqualTo(before.getFingerprint());
    assertThat(after.getId()).isEqualTo(before.getId());
  }

  @Test
  void changedUfsFileIsDetectedOnListing() throws IOException {
    Files.createDirectories(ufs("d"));
    Files.writeString(ufs("d/f"), "one");
    master.names("/d");
    Files.writeString(ufs("d/f"), "three");

    List<FileInfo> listed = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath("/d").build(), listed::addAll);

    assertThat(listed).singleElement().satisfies(f -> assertThat(f.getLength()).isEqualTo(5));
  }

  @Test
  void fileDeletedInTheUfsDisappearsOnSync() throws IOException {
    Files.createDirectories(ufs("d"));
    Files.writeString(ufs("d/f"), "x");
    Files.writeString(ufs("d/g"), "x");
    assertThat(master.names("/d")).containsExactly("f", "g");

    Files.delete(ufs("d/f"));
    Files.delete(ufs("d/g"));

    assertThat(master.names("/d")).isEmpty();
    assertFails(ErrorCode.NOT_FOUND, "/d/f", () -> master.stat("/d/f"));
  }

  @Test
  void syncKeepsFilesThatAreNotPersisted() throws IOException {
    FileInfo f = fs.createFile(create("/cache-only").build());
    fs.completeFile(CompleteFileRequest.newBuilder().setFileId(f.getId()).setPath("/cache-only").setLength(1).build());
    fs.createFile(create("/being-written").build());

    assertThat(master.names("/")).containsExactly("being-written", "cache-only");
  }

  @Test
  void longSyncIntervalServesFromTheNamespaceUntilSyncIsAsked(@TempDir Path other) throws IOException {
    try (TestMaster slow = TestMaster.start(other, "1h")) {
      Files.writeString(slow.ufsRoot.resolve("f"), "one");
      assertThat(slow.stat("/f").getLength()).isEqualTo(3);
      Files.writeString(slow.ufsRoot.resolve("f"), "three");

      assertThat(slow.stat("/f").getLength()).isEqualTo(3);
      assertThat(slow.fs().getStatus(io.ferry.proto.GetStatusRequest.newBuilder().setPath("/f").setSync(true)
          .build()).getLength()).isEqualTo(5);
    }
  }

  @Test
  void unchangedFileFoundBySyncStaysFreshForTheSyncInterval(@TempDir Path other) throws IOException {
    try (TestMaster slow = TestMaster.start(other, "1h")) {
      Files.writeString(slow.ufsRoot.resolve("f"), "one");
      slow.stat("/f");
      slow.fs().getStatus(io.ferry.proto.GetStatusRequest.newBuilder().setPath("/f").setSync(true).build());
      Files.writeString(slow.ufsRoot.resolve("f"), "three");

      assertThat(slow.stat("/f").getLength()).isEqualTo(3);
    }
  }

  @Test
  void reopeningTheMetastoreKeepsEveryAcknowledgedChange() throws IOException {
    FileInfo cached = fs.createFile(create("/mem/only").setRecursive(true).build());
    fs.completeFile(CompleteFileRequest.newBuilder().setFileId(cached.getId()).setPath("/mem/only").setLength(9)
        .build());
    FileInfo moved = master.writeFile("/a/f", "x");
    fs.rename(rename("/a/f", "/a/g"));
    long inodes = fs.inodeCount();

    master = master.restart();
    fs = master.fs();

    assertThat(master.stat("/mem/only").getLength()).isEqualTo(9);
    assertThat(master.stat("/a/g").getId()).isEqualTo(moved.getId());
    assertThat(fs.inodeCount()).isEqualTo(inodes);
    FileInfo fresh = fs.createFile(create("/new").build());
    assertThat(fresh.getId()).isGreaterThan(moved.getId()).isGreaterThan(cached.getId());
  }
  private SetAttributesRequest.Builder attributes(String path) {
    return SetAttributesRequest.newBuilder().setPath(path);
  }

  @Test
  void setAttributesChangesOnlyTheFieldsItSets() throws IOException {
    FileInfo before = master.writeFile("/a/f", "abc");
    FileInfo chmodded = fs.setAttributes(attributes("/a/f").setMode(0600).build());
    assertThat(chmodded.getMode()).isEqualTo(0600);
    assertThat(chmodded.getMtimeMs()).isEqualTo(before.getMtimeMs());
    assertThat(chmodded.getOwner()).isEqualTo(before.getOwner());

    FileInfo touched = fs.setAttributes(attributes("/a/f").setMtimeMs(1_500_000_000_000L).build());
    assertThat(touched.getMtimeMs()).isEqualTo(1_500_000_000_000L);
    assertThat(touched.getMode()).isEqualTo(0600);
    assertThat(master.stat("/a/f").getLength()).isEqualTo(3);
  }

  @Test
  void setAttributesOfADirectoryChangesItsMode() throws IOException {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/d").build());
    fs.setAttributes(attributes("/d").setMode(0700).setOwner("alice").setGroup("staff").build());
    FileInfo dir = master.stat("/d");
    assertThat(dir.getMode()).isEqualTo(0700);
    assertThat(dir.getOwner()).isEqualTo("alice");
    assertThat(dir.getGroup()).isEqualTo("staff");
  }

  @Test
  void setAttributesOfAMissingPathFailsNotFound() {
    assertFails(ErrorCode.NOT_FOUND, "/missing", () -> fs.setAttributes(attributes("/missing").setMode(0600).build()));
  }

  @Test
  void setAttributesWithMoreThanPermissionBitsFails() throws IOException {
    master.writeFile("/f", "x");
    assertFails(ErrorCode.INVALID_ARGUMENT, "/f", () -> fs.setAttributes(attributes("/f").setMode(0100644).build()));
  }

  @Test
  void setAttributesSurviveARestartAndAnUnchangedUfsFile() throws IOException {
    master.writeFile("/f", "x");
    fs.setAttributes(attributes("/f").setMode(0640).setMtimeMs(1_000_000_000_000L).build());

    master = master.restart();
    fs = master.fs();

    FileInfo file = fs.getStatus(GetStatusRequest.newBuilder().setPath("/f").setSync(true).build());
    assertThat(file.getMode()).isEqualTo(0640);
    assertThat(file.getMtimeMs()).isEqualTo(1_000_000_000_000L);
  }
}
