package io.ferry.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockMappingsTest {
  private static final int BLOCK = BlockMappings.MIN_BLOCK_BYTES;

  @TempDir Path dir;
  private final BlockMappings mappings = new BlockMappings(64L << 20);

  @AfterEach
  void close() {
    mappings.close();
  }

  @Test
  void readersOfOneBlockFileShareOneMapping() throws IOException {
    Path file = blockFile("b", (byte) 1);

    MappedBlock first = acquire(file).orElseThrow();
    MappedBlock second = acquire(file).orElseThrow();

    assertThat(second).isSameAs(first);
  }

  @Test
  void aMappingReadsTheFilesBytes() throws IOException {
    Path file = blockFile("b", (byte) 7);
    ByteBuffer dst = ByteBuffer.allocate(100);

    acquire(file).orElseThrow().read(BLOCK - 100, dst);

    assertThat(dst.array()).containsOnly(7);
  }

  @Test
  void aMappingOutlivesItsCacheEntryUntilItsLastReaderReleasesIt() throws IOException {
    MappedBlock block = acquire(blockFile("b", (byte) 1)).orElseThrow();

    mappings.close();
    assertThat(block.isMapped()).isTrue();
    block.release();

    assertThat(block.isMapped()).isFalse();
  }

  @Test
  void aBlockFileWrittenAgainIsMappedAgain() throws IOException {
    Path file = blockFile("b", (byte) 1);
    MappedBlock before = acquire(file).orElseThrow();
    Files.delete(file);
    blockFile("b", (byte) 2);

    MappedBlock after = acquire(file).orElseThrow();

    assertThat(after).isNotSameAs(before);
  }

  @Test
  void blocksUnderOneMebibyteAreReadWithPread() throws IOException {
    Path small = Files.write(dir.resolve("small"), new byte[BLOCK - 1]);

    try (FileChannel channel = FileChannel.open(small, StandardOpenOption.READ)) {
      assertThat(mappings.acquire(small, channel, BLOCK - 1)).isEmpty();
    }
  }

  @Test
  void aCapacityOfZeroMapsNothing() throws IOException {
    Path file = blockFile("b", (byte) 1);

    try (BlockMappings none = new BlockMappings(0);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      assertThat(none.acquire(file, channel, BLOCK)).isEmpty();
    }
  }

  private Optional<MappedBlock> acquire(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return mappings.acquire(file, channel, BLOCK);
    }
  }

  private Path blockFile(String name, byte fill) throws IOException {
    byte[] bytes = new byte[BLOCK];
    Arrays.fill(bytes, fill);
    return Files.write(dir.resolve(name), bytes);
  }
}
