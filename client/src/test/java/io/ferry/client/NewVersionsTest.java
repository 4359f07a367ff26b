package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.proto.CompleteFileRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends and truncates as the client writes them: a new version under the temporary name, the kept bytes
 * copied first, completed as the replacement of the original (the fake master does not replace: the real
 * one's part is ReplaceOnCompleteTest).
 */
class NewVersionsTest {
  private static final long BLOCK = 1 << 20;
  private static final String TEMP = "/d/.log.ferry-append";

  @TempDir
  Path blockDir;
  private FakeCluster cluster;
  private FerryClient client;

  @BeforeEach
  void start() throws IOException {
    cluster = new FakeCluster(1, blockDir);
    cluster.master.inodes.put("/d", cluster.master.dir("/d"));
    client = FerryClient.create(cluster.conf(false));
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    cluster.close();
  }

  private byte[] temporaryCopy() {
    return cluster.ufs.get(FakeMaster.ufsUri(TEMP));
  }

  private CompleteFileRequest completion() {
    return cluster.master.completed.get(0);
  }

  @Test
  void anAppendWritesTheFilesBytesThenTheNewOnesAsTheReplacementOfTheFile() throws IOException {
    byte[] old = cluster.addFile("/d/log", (int) (2 * BLOCK + 5), BLOCK);
    long id = client.getStatus("/d/log").id();

    try (FerryOutputStream out = client.appendFile("/d/log")) {
      out.write("tail".getBytes(StandardCharsets.UTF_8));
    }

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(old);
    expected.writeBytes("tail".getBytes(StandardCharsets.UTF_8));
    assertThat(temporaryCopy()).isEqualTo(expected.toByteArray());
    assertThat(completion().getPath()).isEqualTo(TEMP);
    assertThat(completion().getReplacesFileId()).isEqualTo(id);
    assertThat(completion().getLength()).isEqualTo(old.length + 4);
  }

  @Test
  void aSecondAppenderIsRefusedWhileTheFirstWrites() throws IOException {
    cluster.addFile("/d/log", 10, BLOCK);
    try (FerryOutputStream first = client.appendFile("/d/log")) {
      assertThatThrownBy(() -> client.appendFile("/d/log"))
          .isInstanceOf(FerryException.class)
          .hasMessageContaining("another writer")
          .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.FILE_BUSY);
    }
  }

  @Test
  void aNewVersionLeftCompleteByADeadWriterIsRemovedByTheNextAppend() throws IOException {
    cluster.addFile("/d/log", 10, BLOCK);
    cluster.addFile(TEMP, 3, BLOCK);

    client.appendFile("/d/log").close();

    assertThat(cluster.master.deleted).containsExactly(TEMP);
    assertThat(temporaryCopy()).hasSize(10);
  }

  @Test
  void appendingToADirectoryFailsIsADirectory() {
    assertThatThrownBy(() -> client.appendFile("/d"))
        .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.IS_A_DIRECTORY);
  }

  @Test
  void truncateShrinksToTheFirstBytes() throws IOException {
    byte[] old = cluster.addFile("/d/log", (int) BLOCK + 7, BLOCK);

    client.truncate("/d/log", 5);

    assertThat(temporaryCopy()).isEqualTo(Arrays.copyOf(old, 5));
  }

  @Test
  void truncateGrowsWithZeros() throws IOException {
    byte[] old = cluster.addFile("/d/log", 7, BLOCK);

    client.truncate("/d/log", 3 * BLOCK);

    assertThat(temporaryCopy()).isEqualTo(Arrays.copyOf(old, (int) (3 * BLOCK)));
  }

  @Test
  void truncateToTheSameLengthWritesNothing() throws IOException {
    cluster.addFile("/d/log", 7, BLOCK);

    client.truncate("/d/log", 7);

    assertThat(cluster.master.completed).isEmpty();
  }
}
