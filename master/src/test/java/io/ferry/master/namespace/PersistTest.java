package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockIds;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CompleteFileRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.HeartbeatRequest;
import io.ferry.proto.HeartbeatResponse;
import io.ferry.proto.MountRequest;
import io.ferry.proto.PersistRequest;
import io.ferry.proto.PersistResponse;
import io.ferry.proto.RegisterWorkerRequest;
import io.ferry.proto.RelabelBlock;
import io.ferry.proto.RenameRequest;
import io.ferry.proto.WriteType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persist jobs as the namespace sees them: which files wait for one (journaled), where a job writes a file,
 * and what its end records, also when the file was renamed or deleted while it ran. No worker is registered,
 * so the master's own jobs never start: the tests play the worker's part.
 */
class PersistTest {
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

  /** A file written to the cache only, completed with or without a persist job to follow. */
  private FileInfo writeCacheOnly(String path, int length, boolean persistLater) throws IOException {
    FileInfo created = fs.createFile(CreateFileRequest.newBuilder().setPath(path).setRecursive(true).build());
    return fs.completeFile(CompleteFileRequest.newBuilder().setFileId(created.getId()).setPath(path)
        .setLength(length).setPersistLater(persistLater).build());
  }

  /** What the worker of a persist job does: write the bytes under the URI the job names. */
  private String writeUfsCopy(PersistTarget target, String content) throws IOException {
    Path file = Path.of(target.ufsUri());
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return TestMaster.ufsFingerprint(file);
  }

  private PersistResponse persist(String path) throws IOException {
    return fs.persist(PersistRequest.newBuilder().setPath(path).build());
  }

  @Test
  void aFileWrittenAsyncThroughWaitsForItsPersistJobUnderItsUnderStorageUri() throws IOException {
    FileInfo file = writeCacheOnly("/ckpt/f", 5, true);

    assertThat(master.stat("/ckpt/f").getPersisted()).isFalse();
    assertThat(fs.persistTarget(file.getId())).hasValueSatisfying(t -> {
      assertThat(t.path()).isEqualTo("/ckpt/f");
      assertThat(t.ufsUri()).isEqualTo(master.ufsRoot.resolve("ckpt/f").toString());
      assertThat(t.length()).isEqualTo(5);
    });
  }

  @Test
  void aMustCacheFileWaitsForNoPersistJob() throws IOException {
    FileInfo file = writeCacheOnly("/f", 5, false);

    assertThat(fs.persistTarget(file.getId())).isEmpty();
  }

  @Test
  void persistOfADirectorySchedulesEveryCompleteFileNotInTheUnderStorageAndCountsTheIncompleteOnes()
      throws IOException {
    FileInfo mustCache = writeCacheOnly("/d/a", 1, false);
    writeCacheOnly("/d/sub/b", 1, true);
    master.writeFile("/d/persisted", "x");
    fs.createFile(CreateFileRequest.newBuilder().setPath("/d/open").build());

    PersistResponse r = persist("/d");

    assertThat(r.getWaitingFiles()).isEqualTo(2);
    assertThat(r.getIncompleteFiles()).isEqualTo(1);
    assertThat(r.getFirstWaiting()).isIn("/d/a", "/d/sub/b");
    assertThat(fs.persistTarget(mustCache.getId())).isPresent();
  }

  @Test
  void aFinishedJobRecordsTheFilePersistedWithItsFingerprintAndEndsTheWait() throws IOException {
    FileInfo file = writeCacheOnly("/f", 5, true);
    PersistTarget target = fs.persistTarget(file.getId()).orElseThrow();
    String fingerprint = writeUfsCopy(target, "hello");

    assertThat(fs.persisted(target, fingerprint)).isTrue();

    FileInfo now = master.stat("/f");
    assertThat(now.getPersisted()).isTrue();
    assertThat(now.getFingerprint()).isEqualTo(fingerprint);
    assertThat(fs.persistTarget(file.getId())).isEmpty();
    assertThat(persist("/f").getWaitingFiles()).isZero();
  }

  @Test
  void aFinishedJobKeepsTheCachedBlocksAsCopiesOfThePersistedVersion() throws IOException {
    FileInfo file = writeCacheOnly("/f", 5, true);
    long block = BlockIds.of(file.getId(), 0);
    long worker = master.master().workers().register(RegisterWorkerRequest.newBuilder().setHost("w").setRpcPort(1)
        .addBlockIds(block).build());
    PersistTarget target = fs.persistTarget(file.getId()).orElseThrow();
    String fingerprint = writeUfsCopy(target, "hello");

    fs.persisted(target, fingerprint);

    HeartbeatResponse next = master.master().workers().heartbeat(HeartbeatRequest.newBuilder().setWorkerId(worker)
        .build());
    assertThat(next.getRemoveBlockIdsList()).isEmpty();
    assertThat(next.getRelabelBlocksList()).containsExactly(
        RelabelBlock.newBuilder().setBlockId(block).setFingerprint(fingerprint).build());
    assertThat(master.stat("/f").getCachedBytes()).isEqualTo(5);
  }

  @Test
  void aFileRenamedWhileItsJobRanEndsUpUnderItsNewNameInTheUnderStorage() throws IOException {
    FileInfo file = writeCacheOnly("/ckpt/step.tmp", 5, true);
    PersistTarget target = fs.persistTarget(file.getId()).orElseThrow();
    fs.rename(RenameRequest.newBuilder().setSrc("/ckpt/step.tmp").setDst("/ckpt/step").build());
    String fingerprint = writeUfsCopy(target, "hello");

    fs.persisted(target, fingerprint);

    assertThat(master.ufsRoot.resolve("ckpt/step")).hasContent("hello");
    assertThat(master.ufsRoot.resolve("ckpt/step.tmp")).doesNotExist();
    assertThat(master.stat("/ckpt/step").getPersisted()).isTrue();
  }

  @Test
  void aCopyReplacedAtItsOldNameWhileItsJobRanIsNotMovedAndTheFileWaitsToBeWrittenAgain() throws IOException {
    FileInfo file = writeCacheOnly("/ckpt/step.tmp", 5, true);
    PersistTarget target = fs.persistTarget(file.getId()).orElseThrow();
    String fingerprint = writeUfsCopy(target, "hello");
    fs.rename(RenameRequest.newBuilder().setSrc("/ckpt/step.tmp").setDst("/ckpt/step").build());
    Files.writeString(Path.of(target.ufsUri()), "another file's bytes"); // a writer of the old name, meanwhile

    assertThatThrownBy(() -> fs.persisted(target, fingerprint)).isInstanceOfSatisfying(FerryException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_CHANGED));

    assertThat(master.ufsRoot.resolve("ckpt/step.tmp")).hasContent("another file's bytes");
    assertThat(master.ufsRoot.resolve("ckpt/step")).doesNotExist();
    assertThat(fs.persistTarget(file.getId()).orElseThrow().ufsUri())
        .isEqualTo(master.ufsRoot.resolve("ckpt/step").toString());
  }

  @Test
  void aFileRenamedBeforeItsJobStartsIsWrittenUnderItsNewName() throws IOException {
    FileInfo file = writeCacheOnly("/ckpt/step.tmp", 5, true);
    fs.rename(RenameRequest.newBuilder().setSrc("/ckpt/step.tmp").setDst("/ckpt/step").build());

    assertThat(fs.persistTarget(file.getId()).orElseThrow().ufsUri())
        .isEqualTo(master.ufsRoot.resolve("ckpt/step").toString());
  }

  @Test
  void theCopyOfAFileDeletedWhileItsJobRanIsDeleted() throws IOException {
    FileInfo file = writeCacheOnly("/ckpt/f", 5, true);
    PersistTarget target = fs.persistTarget(file.getId()).orElseThrow();
    fs.delete(DeleteRequest.newBuilder().setPath("/ckpt/f").build());
    String fingerprint = writeUfsCopy(target, "hello");

    fs.persisted(target, fingerprint);

    assertThat(master.ufsRoot.resolve("ckpt/f")).doesNotExist();
  }

  @Test
  void aDeletedFileWaitsForNoPersistJob() throws IOException {
    FileInfo file = writeCacheOnly("/f", 5, true);

    fs.delete(DeleteRequest.newBuilder().setPath("/f").build());

    assertThat(fs.persistTarget(file.getId())).isEmpty();
    assertThat(master.ufsRoot.resolve("f")).doesNotExist();
  }

  @Test
  void aWaitingFileStillWaitsAfterAMasterRestart() throws IOException {
    FileInfo file = writeCacheOnly("/f", 5, true);

    master = master.restart();

    assertThat(master.fs().persistTarget(file.getId())).isPresent();
  }

  @Test
  void aMountsWriteTypeIsTheAnswerToACreateThatNamesNone() throws IOException {
    Files.createDirectories(tmp.resolve("ckpt-ufs"));
    fs.mount(MountRequest.newBuilder().setFerryPath("/ckpt").setUfsUri(tmp.resolve("ckpt-ufs").toString())
        .putOptions("write.type", "async_through").build());

    FileInfo named = fs.createFile(CreateFileRequest.newBuilder().setPath("/ckpt/a")
        .setWriteType(WriteType.THROUGH).build());
    FileInfo unnamed = fs.createFile(CreateFileRequest.newBuilder().setPath("/ckpt/b").build());

    assertThat(named.getWriteType()).isEqualTo(WriteType.THROUGH);
    assertThat(unnamed.getWriteType()).isEqualTo(WriteType.ASYNC_THROUGH);
    assertThat(fs.createFile(CreateFileRequest.newBuilder().setPath("/c").build()).getWriteType())
        .isEqualTo(WriteType.WRITE_TYPE_UNSPECIFIED);
  }
}
