package io.ferry.hadoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.client.FerryClient;
import io.ferry.client.hadoop.FerryFileSystem;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.util.functional.FutureIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What ferry:// promises beyond Hadoop's contract suites: registration and
 * configuration, paged listings, block locations, replication, capabilities,
 * and the Hadoop exception each Ferry error becomes. Runs against the same
 * cluster of real processes as the suites.
 */
class FerryFileSystemIT {
  private FileSystem fs;
  private Path dir;

  @BeforeEach
  void open(TestInfo test) throws IOException {
    fs = FileSystem.newInstance(ContractCluster.uri(), new Configuration());
    dir = new Path("/it/" + test.getTestMethod().orElseThrow().getName());
    fs.delete(dir, true);
    fs.mkdirs(dir);
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  @Test
  void theFerrySchemeIsRegisteredWithHadoop() throws IOException {
    assertThat(FileSystem.getFileSystemClass("ferry", new Configuration())).isEqualTo(FerryFileSystem.class);
  }

  @Test
  void aUriWithoutAuthorityUsesTheMasterOfTheConfiguration() throws IOException {
    Configuration conf = new Configuration();
    conf.set("ferry.master.hostname", "localhost");
    conf.set("ferry.master.rpc.port", String.valueOf(ContractCluster.masterPort()));
    try (FileSystem noAuthority = FileSystem.newInstance(URI.create("ferry:///"), conf)) {
      write(new Path(dir, "f"), 3);

      assertThat(noAuthority.getFileStatus(new Path("ferry:///" + dir + "/f")).getLen()).isEqualTo(3);
    }
  }

  @Test
  void anUnknownFerryKeyInTheHadoopConfigurationFailsNamingIt() {
    Configuration conf = new Configuration();
    conf.set("ferry.master.no.such.key", "1");

    assertThatThrownBy(() -> FileSystem.newInstance(ContractCluster.uri(), conf))
        .hasMessageContaining("ferry.master.no.such.key");
  }

  @Test
  void listStatusIteratorPagesThroughADirectoryLargerThanAPage() throws IOException {
    int count = 3 * ContractCluster.LISTING_PAGE_SIZE + 5;
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = String.format("f%03d", i);
      write(new Path(dir, name), 0);
      expected.add(name);
    }

    List<String> listed = new ArrayList<>();
    RemoteIterator<FileStatus> it = fs.listStatusIterator(dir);
    while (it.hasNext()) {
      listed.add(it.next().getPath().getName());
    }

    assertThat(listed).containsExactlyElementsOf(expected);
  }

  @Test
  void blockLocationsCoverTheFileBlockByBlockOnTheWorkersHost() throws IOException {
    Path file = new Path(dir, "blocks");
    long blockSize = 1 << 20;
    try (FSDataOutputStream out = fs.create(file, true, 4096, (short) 1, blockSize)) {
      out.write(new byte[(int) (2.5 * blockSize)]);
    }
    FileStatus status = fs.getFileStatus(file);

    BlockLocation[] blocks = fs.getFileBlockLocations(status, 0, status.getLen());

    assertThat(blocks).hasSize(3);
    assertThat(Arrays.stream(blocks).mapToLong(BlockLocation::getOffset)).containsExactly(0L, blockSize, 2 * blockSize);
    assertThat(Arrays.stream(blocks).mapToLong(BlockLocation::getLength).sum()).isEqualTo(status.getLen());
    for (BlockLocation b : blocks) {
      assertThat(b.getHosts()).containsExactly("localhost");
    }
  }

  @Test
  void blockLocationsOfARangeAreOnlyTheBlocksItOverlaps() throws IOException {
    Path file = new Path(dir, "range");
    long blockSize = 1 << 20;
    try (FSDataOutputStream out = fs.create(file, true, 4096, (short) 1, blockSize)) {
      out.write(new byte[(int) (3 * blockSize)]);
    }

    BlockLocation[] blocks = fs.getFileBlockLocations(fs.getFileStatus(file), blockSize + 1, 10);

    assertThat(blocks).hasSize(1);
    assertThat(blocks[0].getOffset()).isEqualTo(blockSize);
  }

  @Test
  void setReplicationSetsTheFactorOfAFileAndRefusesADirectory() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 1);

    assertThat(fs.setReplication(file, (short) 2)).isTrue();
    assertThat(fs.getFileStatus(file).getReplication()).isEqualTo((short) 2);
    assertThat(fs.setReplication(dir, (short) 2)).isFalse();
  }

  @Test
  void setReplicationOfAMissingPathIsFileNotFound() {
    assertThatThrownBy(() -> fs.setReplication(new Path(dir, "missing"), (short) 2))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void permissionsAppendAndTruncateArePathCapabilitiesConcatIsNot() throws IOException {
    assertThat(fs.hasPathCapability(dir, CommonPathCapabilities.FS_PERMISSIONS)).isTrue();
    assertThat(fs.hasPathCapability(dir, CommonPathCapabilities.FS_APPEND)).isTrue();
    assertThat(fs.hasPathCapability(dir, CommonPathCapabilities.FS_TRUNCATE)).isTrue();
    assertThat(fs.hasPathCapability(dir, CommonPathCapabilities.FS_CONCAT)).isFalse();
  }

  @Test
  void anAppendedFileReadsBackExactlyOnceItsCachedCopiesAreFreedAndInTheUnderStorage() throws IOException {
    Path file = new Path(dir, "log");
    byte[] first = new byte[3 << 20];
    new Random(5).nextBytes(first);
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(first);
    }
    try (FSDataOutputStream out = fs.append(file)) {
      assertThat(out.getPos()).isEqualTo(first.length);
      out.write(new byte[] {1, 2, 3});
    }
    byte[] expected = Arrays.copyOf(first, first.length + 3);
    System.arraycopy(new byte[] {1, 2, 3}, 0, expected, first.length, 3);

    try (FerryClient client = ContractCluster.newClient()) {
      client.free(dir.toUri().getPath());
    }
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
    assertThat(ContractCluster.rootUfs().resolve("it/" + dir.getName() + "/log")).hasBinaryContent(expected);
  }

  @Test
  void aSecondAppenderIsRefusedWhileTheFirstWrites() throws IOException {
    Path file = new Path(dir, "log");
    write(file, 3);
    try (FSDataOutputStream first = fs.append(file)) {
      assertThatThrownBy(() -> fs.append(file)).isInstanceOf(IOException.class).hasMessageContaining("another writer");
    }
  }

  @Test
  void hflushShowsTheBytesToNewReadersAndTheStreamWritesOn() throws IOException {
    Path file = new Path(dir, "log");
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(new byte[] {1, 2});
      out.hflush();
      assertThat(fs.getFileStatus(file).getLen()).isEqualTo(2);
      out.write(3);
      out.hsync();
      try (FSDataInputStream in = fs.open(file)) {
        assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
      }
      out.write(4);
    }
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3, 4);
    }
  }

  @Test
  void truncateShrinksAFileAndRefusesToGrowIt() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 10);

    assertThat(fs.truncate(file, 4)).isTrue();

    assertThat(fs.getFileStatus(file).getLen()).isEqualTo(4);
    assertThatThrownBy(() -> fs.truncate(file, 8)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inputStreamsOfferByteBufferReadsAndUnbuffer() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 1);
    try (FSDataInputStream in = fs.open(file)) {
      assertThat(in.hasCapability(StreamCapabilities.READBYTEBUFFER)).isTrue();
      assertThat(in.hasCapability(StreamCapabilities.PREADBYTEBUFFER)).isTrue();
      assertThat(in.hasCapability(StreamCapabilities.UNBUFFER)).isTrue();
    }
  }

  @Test
  void skipAndAvailableFollowThePositionAlsoAfterUnbuffer() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 100);
    try (FSDataInputStream in = fs.open(file)) {
      in.seek(10);
      assertThat(in.skip(5)).isEqualTo(5);
      assertThat(in.getPos()).isEqualTo(15);
      in.unbuffer();
      assertThat(in.available()).isEqualTo(85);
      assertThat(in.skip(1000)).isEqualTo(85);
      assertThat(in.available()).isZero();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void openFileWithAListedStatusReadsTheFile() throws Exception {
    Path file = new Path(dir, "f");
    byte[] data = "listed once, opened without a lookup".getBytes(StandardCharsets.UTF_8);
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(data);
    }
    FileStatus listed = fs.listStatus(dir)[0];

    try (FSDataInputStream in = FutureIO.awaitFuture(fs.openFile(file).withFileStatus(listed).build())) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void openingAMissingFileIsFileNotFound() {
    assertThatThrownBy(() -> fs.open(new Path(dir, "missing"))).isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void creatingOverAFileWithoutOverwriteIsFileAlreadyExists() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 1);

    assertThatThrownBy(() -> fs.create(file, false)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void deletingANonEmptyDirectoryWithoutRecursiveIsPathIsNotEmptyDirectory() throws IOException {
    write(new Path(dir, "f"), 1);

    assertThatThrownBy(() -> fs.delete(dir, false)).isInstanceOf(PathIsNotEmptyDirectoryException.class);
  }

  @Test
  void creatingUnderAFileIsParentNotDirectory() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 1);

    assertThatThrownBy(() -> fs.create(new Path(file, "child"))).isInstanceOf(ParentNotDirectoryException.class);
  }

  @Test
  void readingFullyPastTheEndIsEOF() throws IOException {
    Path file = new Path(dir, "f");
    write(file, 10);
    try (FSDataInputStream in = fs.open(file)) {
      assertThatThrownBy(() -> in.readFully(5, new byte[10])).isInstanceOf(EOFException.class);
    }
  }

  private void write(Path file, int length) throws IOException {
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(new byte[length]);
    }
  }
}
