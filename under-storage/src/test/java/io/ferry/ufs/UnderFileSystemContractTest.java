package io.ferry.ufs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every under storage must have. A backend's test extends this
 * class and says only how to make its UFS and a fresh root; the suite ships in
 * this module's test-jar.
 *
 * <p>Where a parent is a file: getStatus is empty and deletes return false
 * (nothing exists there); create, mkdirs and list fail NOT_A_DIRECTORY.
 */
public abstract class UnderFileSystemContractTest {
  private static final int MIB = 1024 * 1024;

  /** The under storage under test; every {@link #newEmptyRootUri()} lies below its root. */
  protected abstract UnderFileSystem createUfs() throws Exception;

  /** A fresh, empty directory (or prefix) URI for one test; it may not exist yet. */
  protected abstract String newEmptyRootUri() throws Exception;

  protected UnderFileSystem ufs;
  protected String root;

  @BeforeEach
  void setUpUnderStorage() throws Exception {
    root = newEmptyRootUri();
    ufs = createUfs();
    ufs.mkdirs(root);
  }

  @AfterEach
  void closeUnderStorage() throws IOException {
    if (ufs != null) {
      ufs.close();
    }
  }

  // ---- status

  @Test
  void statusOfFileTellsItsNameLengthAndFingerprint() throws IOException {
    write("data.bin", "hello");

    UfsStatus status = ufs.getStatus(uri("data.bin")).orElseThrow();

    assertThat(status.name()).isEqualTo("data.bin");
    assertThat(status.directory()).isFalse();
    assertThat(status.length()).isEqualTo(5);
    assertThat(status.mtimeMs()).isPositive();
    assertThat(status.fingerprint()).isNotEmpty();
  }

  @Test
  void statusOfDirectoryTellsItIsADirectory() throws IOException {
    ufs.mkdirs(uri("dir"));

    UfsStatus status = ufs.getStatus(uri("dir")).orElseThrow();

    assertThat(status.name()).isEqualTo("dir");
    assertThat(status.directory()).isTrue();
  }

  @Test
  void statusOfMissingPathIsEmpty() throws IOException {
    assertThat(ufs.getStatus(uri("missing"))).isEmpty();
  }

  @Test
  void statusOfPathBelowAFileIsEmpty() throws IOException {
    write("file", "x");

    assertThat(ufs.getStatus(uri("file/child"))).isEmpty();
  }

  @Test
  void fingerprintChangesWhenFileIsRewrittenWithTheSameLength() throws IOException {
    write("f", "aaaa");
    String before = fingerprint("f");

    overwrite("f", "bbbb");

    assertThat(fingerprint("f")).isNotEqualTo(before);
  }

  @Test
  void fingerprintIsStableWhileFileIsUnchanged() throws IOException {
    write("f", "aaaa");

    assertThat(fingerprint("f")).isEqualTo(fingerprint("f"));
  }

  // ---- listing

  @Test
  void listingReturnsChildrenInAscendingNameOrder() throws IOException {
    for (String name : List.of("m", "b", "z", "a", "k")) {
      write(name, name);
    }

    assertThat(names(ufs.list(root, null, 100))).containsExactly("a", "b", "k", "m", "z");
  }

  @Test
  void listingPagesThroughManyEntriesInOrder() throws IOException {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String name = String.format("entry-%03d", i);
      expected.add(name);
      if (i % 2 == 0) {
        write(name, "");
      } else {
        ufs.mkdirs(uri(name));
      }
    }

    List<Integer> pageSizes = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    String token = null;
    do {
      UfsListing page = ufs.list(root, token, 100);
      pageSizes.add(page.entries().size());
      listed.addAll(names(page));
      token = page.nextPageToken();
    } while (token != null);

    assertThat(listed).containsExactlyElementsOf(expected);
    assertThat(pageSizes).containsExactly(100, 100, 50);
  }

  @Test
  void listingOfEmptyDirectoryHasNoEntriesAndNoNextPage() throws IOException {
    UfsListing listing = ufs.list(root, null, 10);

    assertThat(listing.entries()).isEmpty();
    assertThat(listing.nextPageToken()).isNull();
  }

  @Test
  void listingShowsOnlyDirectChildren() throws IOException {
    write("dir/nested/deep.txt", "x");
    write("top.txt", "x");

    assertThat(names(ufs.list(root, null, 100))).containsExactly("dir", "top.txt");
  }

  @Test
  void listingEntriesCarryTheirStatus() throws IOException {
    write("file", "12345");
    ufs.mkdirs(uri("sub"));

    List<UfsStatus> entries = ufs.list(root, null, 100).entries();

    assertThat(entries).extracting(UfsStatus::name, UfsStatus::directory, UfsStatus::length)
        .containsExactly(
            Tuple.tuple("file", false, 5L),
            Tuple.tuple("sub", true, 0L));
    assertThat(entries.get(0).fingerprint()).isEqualTo(fingerprint("file"));
  }

  @Test
  void listingHidesNothingButFilesBeingWritten() throws IOException {
    List<String> names = List.of(".hidden", "_underscore", "with space", "percent%20sign", "ünïcødé");
    for (String name : names) {
      write(name, "x");
    }

    try (UfsOutputStream unfinished = ufs.create(uri("unfinished"), false)) {
      unfinished.write(1);
      assertThat(names(ufs.list(root, null, 100))).containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void listingOfMissingDirectoryFailsNotFound() {
    assertFails(ErrorCode.NOT_FOUND, uri("missing"), () -> ufs.list(uri("missing"), null, 10));
  }

  @Test
  void listingOfFileFailsNotADirectory() throws IOException {
    write("file", "x");

    assertFails(ErrorCode.NOT_A_DIRECTORY, uri("file"), () -> ufs.list(uri("file"), null, 10));
  }

  @Test
  void listingWithANonPositivePageSizeFailsInvalidArgument() {
    assertFails(ErrorCode.INVALID_ARGUMENT, root, () -> ufs.list(root, null, 0));
  }

  // ---- ranged reads

  @Test
  void readOfMiddleRangeReturnsExactlyThoseBytes() throws IOException {
    write("f", "0123456789");

    assertThat(read("f", 3, 4)).isEqualTo("3456");
  }

  @Test
  void readWithLengthMinusOneReadsToTheEnd() throws IOException {
    write("f", "0123456789");

    assertThat(read("f", 6, -1)).isEqualTo("6789");
  }

  @Test
  void readOfRangeCrossingTheEndReturnsWhatThereIs() throws IOException {
    write("f", "0123456789");

    assertThat(read("f", 8, 100)).isEqualTo("89");
  }

  @Test
  void readStartingPastTheEndReturnsNothing() throws IOException {
    write("f", "0123456789");

    assertThat(read("f", 50, 10)).isEmpty();
  }

  @Test
  void readTellsTheFingerprintOfTheVersionItRead() throws IOException {
    write("f", "0123456789");

    assertThat(readFingerprint("f", 2, 3)).isEqualTo(fingerprint("f"));
  }

  @Test
  void readOfAFileRewrittenSinceItsStatusTellsTheNewFingerprint() throws IOException {
    write("f", "aaaa");
    String listed = fingerprint("f");
    overwrite("f", "bbbbbbbb");

    assertThat(readFingerprint("f", 0, 4)).isNotEqualTo(listed).isEqualTo(fingerprint("f"));
  }

  @Test
  void readStartingPastTheEndStillTellsTheFingerprint() throws IOException {
    write("f", "0123456789");

    assertThat(readFingerprint("f", 50, 10)).isEqualTo(fingerprint("f"));
  }

  @Test
  void readOfMissingFileFailsNotFound() {
    assertFails(ErrorCode.NOT_FOUND, uri("missing"), () -> ufs.open(uri("missing"), 0, -1));
  }

  @Test
  void readOfDirectoryFailsIsADirectory() throws IOException {
    ufs.mkdirs(uri("dir"));

    assertFails(ErrorCode.IS_A_DIRECTORY, uri("dir"), () -> ufs.open(uri("dir"), 0, -1));
  }

  @Test
  void readWithANegativeOffsetFailsInvalidArgument() throws IOException {
    write("f", "x");

    assertFails(ErrorCode.INVALID_ARGUMENT, uri("f"), () -> ufs.open(uri("f"), -1, 1));
  }

  // ---- create

  @Test
  void createdFileReadsBackItsBytes() throws IOException {
    write("f", "round trip");

    assertThat(read("f", 0, -1)).isEqualTo("round trip");
  }

  @Test
  void emptyFileRoundTrips() throws IOException {
    write("empty", "");

    assertThat(ufs.getStatus(uri("empty")).orElseThrow().length()).isZero();
    assertThat(read("empty", 0, -1)).isEmpty();
  }

  @Test
  void multiMebibyteFileRoundTripsWrittenInOddChunks() throws IOException {
    byte[] data = new byte[5 * MIB + 123];
    new Random(42).nextBytes(data);
    try (UfsOutputStream out = ufs.create(uri("big"), false)) {
      for (int off = 0; off < data.length; off += 7919) {
        out.write(data, off, Math.min(7919, data.length - off));
      }
    }

    byte[] back;
    try (InputStream in = ufs.open(uri("big"), 0, -1)) {
      back = in.readAllBytes();
    }
    assertThat(back).hasSize(data.length);
    assertThat(Arrays.mismatch(back, data)).as("first differing byte").isEqualTo(-1);
  }

  @Test
  void rangedReadOfLargeFileStartsAtTheOffset() throws IOException {
    byte[] data = new byte[3 * MIB];
    new Random(7).nextBytes(data);
    try (UfsOutputStream out = ufs.create(uri("big"), false)) {
      out.write(data);
    }

    byte[] back;
    try (InputStream in = ufs.open(uri("big"), 2 * MIB + 5, MIB)) {
      back = in.readAllBytes();
    }
    assertThat(Arrays.mismatch(back, Arrays.copyOfRange(data, 2 * MIB + 5, data.length))).isEqualTo(-1);
  }

  @Test
  void statusAfterCloseMatchesTheStoredFile() throws IOException {
    UfsOutputStream out = ufs.create(uri("f"), false);
    out.write("abc".getBytes(UTF_8));
    out.close();

    UfsStatus stored = ufs.getStatus(uri("f")).orElseThrow();
    assertThat(out.status().length()).isEqualTo(3);
    assertThat(out.status().fingerprint()).isEqualTo(stored.fingerprint());
  }

  @Test
  void createWithoutOverwriteOnExistingFileFailsAlreadyExists() throws IOException {
    write("f", "old");

    assertFails(ErrorCode.ALREADY_EXISTS, uri("f"), () -> ufs.create(uri("f"), false));
    assertThat(read("f", 0, -1)).isEqualTo("old");
  }

  @Test
  void createWithOverwriteReplacesTheContent() throws IOException {
    write("f", "old content");

    overwrite("f", "new");

    assertThat(read("f", 0, -1)).isEqualTo("new");
  }

  @Test
  void createMakesMissingParentDirectories() throws IOException {
    write("a/b/c/f", "x");

    assertThat(ufs.getStatus(uri("a/b")).orElseThrow().directory()).isTrue();
    assertThat(read("a/b/c/f", 0, -1)).isEqualTo("x");
  }

  @Test
  void createBelowAFileFailsNotADirectory() throws IOException {
    write("file", "x");

    assertFails(ErrorCode.NOT_A_DIRECTORY, uri("file/child"), () -> ufs.create(uri("file/child"), false));
  }

  @Test
  void createOverADirectoryFailsIsADirectoryEvenWithOverwrite() throws IOException {
    ufs.mkdirs(uri("dir"));

    assertFails(ErrorCode.IS_A_DIRECTORY, uri("dir"), () -> ufs.create(uri("dir"), true));
  }

  @Test
  void fileBeingWrittenIsNotVisibleUntilClose() throws IOException {
    try (UfsOutputStream out = ufs.create(uri("f"), false)) {
      out.write(new byte[MIB]);
      out.flush();
      assertThat(ufs.getStatus(uri("f"))).isEmpty();
    }

    assertThat(ufs.getStatus(uri("f")).orElseThrow().length()).isEqualTo(MIB);
  }

  @Test
  void overwrittenFileKeepsItsOldContentUntilClose() throws IOException {
    write("f", "old");

    try (UfsOutputStream out = ufs.create(uri("f"), true)) {
      out.write("new content".getBytes(UTF_8));
      out.flush();
      assertThat(read("f", 0, -1)).isEqualTo("old");
    }
  }

  @Test
  void abortedWriteLeavesNoFile() throws IOException {
    UfsOutputStream out = ufs.create(uri("f"), false);
    out.write("partial".getBytes(UTF_8));

    out.abort();
    out.close();

    assertThat(ufs.getStatus(uri("f"))).isEmpty();
    assertThat(ufs.list(root, null, 10).entries()).isEmpty();
  }

  @Test
  void abortedOverwriteKeepsThePreviousFile() throws IOException {
    write("f", "previous");
    UfsOutputStream out = ufs.create(uri("f"), true);
    out.write("partial".getBytes(UTF_8));

    out.abort();

    assertThat(read("f", 0, -1)).isEqualTo("previous");
  }

  // ---- delete

  @Test
  void deleteFileRemovesIt() throws IOException {
    write("f", "x");

    assertThat(ufs.deleteFile(uri("f"))).isTrue();
    assertThat(ufs.getStatus(uri("f"))).isEmpty();
  }

  @Test
  void deleteOfMissingFileReturnsFalse() throws IOException {
    assertThat(ufs.deleteFile(uri("missing"))).isFalse();
  }

  @Test
  void deleteFileOnADirectoryFailsIsADirectory() throws IOException {
    ufs.mkdirs(uri("dir"));

    assertFails(ErrorCode.IS_A_DIRECTORY, uri("dir"), () -> ufs.deleteFile(uri("dir")));
    assertThat(ufs.getStatus(uri("dir"))).isPresent();
  }

  @Test
  void deleteOfEmptyDirectoryWithoutRecursiveSucceeds() throws IOException {
    ufs.mkdirs(uri("dir"));

    assertThat(ufs.deleteDirectory(uri("dir"), false)).isTrue();
    assertThat(ufs.getStatus(uri("dir"))).isEmpty();
  }

  @Test
  void deleteOfNonEmptyDirectoryWithoutRecursiveFails() throws IOException {
    write("dir/f", "x");

    assertFails(ErrorCode.DIRECTORY_NOT_EMPTY, uri("dir"), () -> ufs.deleteDirectory(uri("dir"), false));
    assertThat(read("dir/f", 0, -1)).isEqualTo("x");
  }

  @Test
  void recursiveDeleteRemovesTheWholeTree() throws IOException {
    write("dir/a", "x");
    write("dir/sub/b", "y");
    ufs.mkdirs(uri("dir/empty"));

    assertThat(ufs.deleteDirectory(uri("dir"), true)).isTrue();
    assertThat(ufs.getStatus(uri("dir"))).isEmpty();
    assertThat(ufs.getStatus(uri("dir/sub/b"))).isEmpty();
  }

  @Test
  void deleteOfMissingDirectoryReturnsFalse() throws IOException {
    assertThat(ufs.deleteDirectory(uri("missing"), true)).isFalse();
  }

  @Test
  void deleteDirectoryOnAFileFailsNotADirectory() throws IOException {
    write("f", "x");

    assertFails(ErrorCode.NOT_A_DIRECTORY, uri("f"), () -> ufs.deleteDirectory(uri("f"), true));
    assertThat(ufs.getStatus(uri("f"))).isPresent();
  }

  // ---- rename

  @Test
  void renameMovesAFile() throws IOException {
    write("src", "content");

    ufs.rename(uri("src"), uri("dst"));

    assertThat(ufs.getStatus(uri("src"))).isEmpty();
    assertThat(read("dst", 0, -1)).isEqualTo("content");
  }

  @Test
  void renameMovesADirectoryWithItsContents() throws IOException {
    write("src/a", "1");
    write("src/sub/b", "2");

    ufs.rename(uri("src"), uri("dst"));

    assertThat(ufs.getStatus(uri("src"))).isEmpty();
    assertThat(read("dst/a", 0, -1)).isEqualTo("1");
    assertThat(read("dst/sub/b", 0, -1)).isEqualTo("2");
  }

  @Test
  void renameCreatesMissingDestinationParents() throws IOException {
    write("src", "x");

    ufs.rename(uri("src"), uri("new/parent/dst"));

    assertThat(read("new/parent/dst", 0, -1)).isEqualTo("x");
  }

  @Test
  void renameOntoAnExistingFileFailsAlreadyExists() throws IOException {
    write("src", "source");
    write("dst", "destination");

    assertFails(ErrorCode.ALREADY_EXISTS, uri("dst"), () -> ufs.rename(uri("src"), uri("dst")));
    assertThat(read("src", 0, -1)).isEqualTo("source");
    assertThat(read("dst", 0, -1)).isEqualTo("destination");
  }

  @Test
  void renameOntoAnExistingDirectoryFailsAlreadyExists() throws IOException {
    ufs.mkdirs(uri("src"));
    ufs.mkdirs(uri("dst"));

    assertFails(ErrorCode.ALREADY_EXISTS, uri("dst"), () -> ufs.rename(uri("src"), uri("dst")));
  }

  @Test
  void renameOfMissingSourceFailsNotFound() {
    assertFails(ErrorCode.NOT_FOUND, uri("missing"), () -> ufs.rename(uri("missing"), uri("dst")));
  }

  @Test
  void renameOfADirectoryBelowItselfFailsInvalidArgument() throws IOException {
    ufs.mkdirs(uri("dir"));

    assertFails(ErrorCode.INVALID_ARGUMENT, uri("dir/sub"), () -> ufs.rename(uri("dir"), uri("dir/sub")));
    assertThat(ufs.getStatus(uri("dir")).orElseThrow().directory()).isTrue();
  }

  // ---- mkdirs

  @Test
  void mkdirsCreatesMissingParents() throws IOException {
    ufs.mkdirs(uri("a/b/c"));

    assertThat(ufs.getStatus(uri("a")).orElseThrow().directory()).isTrue();
    assertThat(ufs.getStatus(uri("a/b/c")).orElseThrow().directory()).isTrue();
  }

  @Test
  void mkdirsOfAnExistingDirectoryIsANoOp() throws IOException {
    write("dir/f", "x");

    ufs.mkdirs(uri("dir"));

    assertThat(names(ufs.list(uri("dir"), null, 10))).containsExactly("f");
  }

  @Test
  void mkdirsOverAFileFailsAlreadyExists() throws IOException {
    write("f", "x");

    assertFails(ErrorCode.ALREADY_EXISTS, uri("f"), () -> ufs.mkdirs(uri("f")));
  }

  @Test
  void mkdirsBelowAFileFailsNotADirectory() throws IOException {
    write("f", "x");

    assertFails(ErrorCode.NOT_A_DIRECTORY, uri("f/dir"), () -> ufs.mkdirs(uri("f/dir")));
  }

  // ---- helpers

  protected String uri(String relative) {
    return UnderFileSystems.join(root, relative);
  }

  protected void write(String relative, String content) throws IOException {
    try (UfsOutputStream out = ufs.create(uri(relative), false)) {
      out.write(content.getBytes(UTF_8));
    }
  }

  private void overwrite(String relative, String content) throws IOException {
    try (UfsOutputStream out = ufs.create(uri(relative), true)) {
      out.write(content.getBytes(UTF_8));
    }
  }

  protected String read(String relative, long offset, long length) throws IOException {
    try (InputStream in = ufs.open(uri(relative), offset, length)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  /** Reads a range to its end and returns the fingerprint the stream tells. */
  private String readFingerprint(String relative, long offset, long length) throws IOException {
    try (UfsInputStream in = ufs.open(uri(relative), offset, length)) {
      in.readAllBytes();
      return in.fingerprint();
    }
  }

  private String fingerprint(String relative) throws IOException {
    return ufs.getStatus(uri(relative)).orElseThrow().fingerprint();
  }

  private static List<String> names(UfsListing listing) {
    return listing.entries().stream().map(UfsStatus::name).collect(Collectors.toList());
  }

  /** Asserts a FerryException with {@code code} whose message names {@code uri}. */
  protected static void assertFails(ErrorCode code, String uri, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(uri);
  }
}
