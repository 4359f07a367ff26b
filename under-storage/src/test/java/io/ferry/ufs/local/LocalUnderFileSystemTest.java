package io.ferry.ufs.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.ufs.UfsOutputStream;
import io.ferry.ufs.UfsListing;
import io.ferry.ufs.UfsStatus;
import io.ferry.ufs.UnderFileSystem;
import io.ferry.ufs.UnderFileSystems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local under storage does beyond the shared contract. */
class LocalUnderFileSystemTest {
  @TempDir
  Path dir;

  private UnderFileSystem ufs;

  @BeforeEach
  void setUp() throws IOException {
    ufs = UnderFileSystems.create(dir.toString(), Map.of());
  }

  @Test
  void fileUriAndAbsolutePathNameTheSameFile() throws IOException {
    Files.writeString(dir.resolve("f"), "x");

    assertThat(ufs.getStatus("file://" + dir + "/f")).isEqualTo(ufs.getStatus(dir + "/f"));
    assertThat(ufs.getStatus("file:" + dir + "/f")).isEqualTo(ufs.getStatus(dir + "/f"));
  }

  @Test
  void factoryServesFileUrisAndAbsolutePathsOnly() {
    LocalUnderFileSystemFactory factory = new LocalUnderFileSystemFactory();

    assertThat(factory.supports("file:///data")).isTrue();
    assertThat(factory.supports("/data")).isTrue();
    assertThat(factory.supports("s3://bucket/data")).isFalse();
    assertThat(factory.supports("data/underfs")).isFalse();
  }

  @Test
  void uriWithAHostIsRefused() {
    assertThatThrownBy(() -> UnderFileSystems.create("file://otherhost/data", Map.of()))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining("file://otherhost/data");
  }

  @Test
  void pathOutsideTheRootIsRefused() {
    String escaping = dir + "/../elsewhere";

    assertThatThrownBy(() -> ufs.getStatus(escaping))
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
        .hasMessageContaining(escaping);
  }

  @Test
  void mountOptionsAreAcceptedAndIgnored() throws IOException {
    UnderFileSystem withOptions = UnderFileSystems.create(dir.toString(), Map.of("sync.interval", "1m", "any", "x"));

    assertThat(withOptions.getStatus(dir.toString())).isPresent();
  }

  @Test
  void rootNeedNotExistYet() throws IOException {
    String missingRoot = dir + "/not/yet";

    UnderFileSystem later = UnderFileSystems.create(missingRoot, Map.of());

    assertThat(later.getStatus(missingRoot)).isEmpty();
  }

  @Test
  void statusCarriesPosixOwnerGroupAndMode() throws IOException {
    Path file = dir.resolve("f");
    Files.writeString(file, "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    UfsStatus status = ufs.getStatus(file.toString()).orElseThrow();

    assertThat(status.mode()).isEqualTo(0640);
    assertThat(status.owner()).isEqualTo(Files.getOwner(file).getName());
    assertThat(status.group()).isNotEmpty();
  }

  @Test
  void fingerprintSeesAnInPlaceRewriteOneNanosecondLater() throws IOException {
    Path file = dir.resolve("f");
    Files.writeString(file, "aaaa");
    Instant mtime = Instant.parse("2024-01-01T00:00:00.000000001Z");
    Files.setLastModifiedTime(file, FileTime.from(mtime));
    String before = ufs.getStatus(file.toString()).orElseThrow().fingerprint();

    Files.writeString(file, "bbbb");
    Files.setLastModifiedTime(file, FileTime.from(mtime.plusNanos(1)));

    assertThat(ufs.getStatus(file.toString()).orElseThrow().fingerprint()).isNotEqualTo(before);
  }

  @Test
  void fileBeingWrittenIsAHiddenTempFileBesideTheTarget() throws IOException {
    try (UfsOutputStream out = ufs.create(dir + "/sub/f", false)) {
      out.write(1);
      out.flush();

      assertThat(childNames(dir.resolve("sub"))).singleElement().asString().startsWith(".f.ferry-tmp-");
    }
    assertThat(childNames(dir.resolve("sub"))).containsExactly("f");
  }

  @Test
  void theTemporariesOfAnAbandonedWriteAreDeletedAndNoOtherFile() throws IOException {
    UfsOutputStream abandoned = ufs.create(dir + "/f", false); // its writer was killed: never closed
    abandoned.write(1);
    abandoned.flush();
    Files.writeString(dir.resolve("f2"), "another file");
    Files.writeString(dir.resolve(".f2.ferry-tmp-0"), "another file's temporary");

    assertThat(ufs.deleteTemporaries(dir + "/f")).isEqualTo(1);

    assertThat(childNames(dir)).containsExactlyInAnyOrder("f2", ".f2.ferry-tmp-0");
  }

  @Test
  void abortRemovesTheTempFile() throws IOException {
    UfsOutputStream out = ufs.create(dir + "/f", false);
    out.write("partial".getBytes(UTF_8));

    out.abort();

    assertThat(childNames(dir)).isEmpty();
  }

  @Test
  void writeAfterCloseFailsNamingTheFile() throws IOException {
    UfsOutputStream out = ufs.create(dir + "/f", false);
    out.close();
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(FerryException.class).hasMessageContaining(dir + "/f");
  }

  @Test
  void fileWithAMaximalNameCanBeWritten() throws IOException {
    String name = "n".repeat(255);

    try (UfsOutputStream out = ufs.create(dir + "/" + name, false)) {
      out.write(1);
    }

    assertThat(Files.size(dir.resolve(name))).isEqualTo(1);
  }

  @Test
  void namesAreTakenLiterallyWithoutPercentDecoding() throws IOException {
    try (UfsOutputStream out = ufs.create("file://" + dir + "/a%20b c", false)) {
      out.write(1);
    }

    assertThat(childNames(dir)).containsExactly("a%20b c");
  }

  @Test
  void recursiveDeleteRemovesLinksButNotWhatTheyPointTo() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("keep"), "x");
    Files.createDirectories(dir.resolve("tree"));
    Files.createSymbolicLink(dir.resolve("tree/link"), outside);

    assertThat(ufs.deleteDirectory(dir + "/tree", true)).isTrue();

    assertThat(dir.resolve("tree")).doesNotExist();
    assertThat(outside.resolve("keep")).exists();
  }

  @Test
  void listingLeavesOutDanglingLinks() throws IOException {
    Files.writeString(dir.resolve("real"), "x");
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));

    assertThat(ufs.list(dir.toString(), null, 10).entries()).extracting(UfsStatus::name).containsExactly("real");
  }

  @Test
  void aListingContinuedAfterItsDirectoryChangedShowsTheNamesOfItsFirstScanThatStillExist() throws IOException {
    for (String name : new String[] {"a", "b", "c", "d"}) {
      Files.writeString(dir.resolve(name), name);
    }
    UfsListing first = ufs.list(dir.toString(), null, 2);
    Files.delete(dir.resolve("c"));
    Files.writeString(dir.resolve("e"), "e");

    UfsListing second = ufs.list(dir.toString(), first.nextPageToken(), 2);

    assertThat(second.entries()).extracting(UfsStatus::name).containsExactly("d");
    assertThat(second.nextPageToken()).isNull();
  }

  @Test
  void aPageTokenThisStorageDidNotHandOutListsTheNamesAfterIt() throws IOException {
    for (String name : new String[] {"a", "b", "c"}) {
      Files.writeString(dir.resolve(name), name);
    }

    assertThat(ufs.list(dir.toString(), "a", 10).entries()).extracting(UfsStatus::name).containsExactly("b", "c");
  }

  @Test
  void entriesCarryTheNamesOfTheirOwnerAndGroup() throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    java.nio.file.attribute.PosixFileAttributes a =
        Files.readAttributes(dir.resolve("f"), java.nio.file.attribute.PosixFileAttributes.class);

    UfsStatus status = ufs.list(dir.toString(), null, 10).entries().get(0);

    assertThat(status.owner()).isEqualTo(a.owner().getName());
    assertThat(status.group()).isEqualTo(a.group().getName());
  }

  private static java.util.List<String> childNames(Path d) throws IOException {
    try (Stream<Path> children = Files.list(d)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
