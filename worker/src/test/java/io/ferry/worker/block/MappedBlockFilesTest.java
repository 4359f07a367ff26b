package io.ferry.worker.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.worker.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedBlockFilesTest {
  private static final int BLOCK = 4096;

  @TempDir
  Path dir;

  @Test
  void heldBlockReadsTheBytesOfItsFile() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    byte[] bytes = TestData.bytes(BLOCK, 1);
    BlockMeta meta = commit(store, 5, bytes, "fp");

    try (MappedBlockFiles.Hold hold = store.holdInTopTier(meta).orElseThrow()) {
      assertThat(bytesOf(hold.slice(100, 200))).isEqualTo(java.util.Arrays.copyOfRange(bytes, 100, 300));
    }
  }

  @Test
  void blockStaysMappedBetweenReadsAndHoldsShareOneMapping() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    BlockMeta meta = commit(store, 5, TestData.bytes(BLOCK, 1), "fp");
    MappedBlockFiles mappings = store.topTierMappings();

    store.holdInTopTier(meta).orElseThrow().close();
    try (MappedBlockFiles.Hold a = store.holdInTopTier(meta).orElseThrow();
         MappedBlockFiles.Hold b = store.holdInTopTier(meta).orElseThrow()) {
      assertThat(mappings.mappedCount()).isEqualTo(1);
    }
    assertThat(mappings.mappedCount()).isEqualTo(1);
  }

  @Test
  void removedBlockStaysReadableWhileHeldAndIsUnmappedWhenReleased() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    byte[] bytes = TestData.bytes(BLOCK, 1);
    BlockMeta meta = commit(store, 1, bytes, "fp");
    MappedBlockFiles mappings = store.topTierMappings();
    MappedBlockFiles.Hold hold = store.holdInTopTier(meta).orElseThrow();

    store.remove(1); // as an eviction does: the file is deleted

    assertThat(meta.path()).doesNotExist();
    assertThat(bytesOf(hold.slice(0, BLOCK))).isEqualTo(bytes);
    hold.close();
    assertThat(mappings.mappedCount()).isZero();
  }

  @Test
  void unheldBlockIsUnmappedWhenItLeavesTheTier() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    BlockMeta meta = commit(store, 5, TestData.bytes(BLOCK, 1), "fp");
    store.holdInTopTier(meta).orElseThrow().close();

    store.remove(5);

    assertThat(store.topTierMappings().mappedCount()).isZero();
  }

  @Test
  void blockThatLeftTheTierCannotBeHeld() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    BlockMeta meta = commit(store, 5, TestData.bytes(BLOCK, 1), "fp");

    store.remove(5);

    assertThat(store.holdInTopTier(meta)).isEmpty();
    assertThat(store.topTierMappings().mappedCount()).isZero();
  }

  @Test
  void copyCommittedUnderTheSameNameIsMappedAfresh() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    BlockMeta first = commit(store, 5, TestData.bytes(BLOCK, 1), "fp");
    store.holdInTopTier(first).orElseThrow().close();
    byte[] second = TestData.bytes(BLOCK, 2);

    BlockMeta replaced = commit(store, 5, second, "fp");

    assertThat(store.holdInTopTier(first)).isEmpty();
    try (MappedBlockFiles.Hold hold = store.holdInTopTier(replaced).orElseThrow()) {
      assertThat(bytesOf(hold.slice(0, BLOCK))).isEqualTo(second);
    }
    assertThat(store.topTierMappings().mappedCount()).isEqualTo(1);
  }

  @Test
  void noMoreFilesThanAllowedAreMapped() throws IOException {
    MappedBlockFiles mappings = new MappedBlockFiles(1);
    BlockMeta a = blockFile(1);
    BlockMeta b = blockFile(2);
    mappings.register(a);
    mappings.register(b);

    MappedBlockFiles.Hold held = mappings.hold(a).orElseThrow();
    assertThat(mappings.hold(b)).isEmpty();

    mappings.drop(a);
    held.close();
    assertThat(mappings.hold(b)).isPresent();
  }

  private BlockMeta blockFile(long id) throws IOException {
    Path file = Files.write(dir.resolve("block-" + id), TestData.bytes(BLOCK, id));
    return new BlockMeta(id, BLOCK, "fp", file, 0);
  }

  private static BlockMeta commit(BlockStore store, long blockId, byte[] bytes, String fingerprint)
      throws IOException {
    TempBlock temp = store.createTemp(blockId);
    temp.write(ByteBuffer.wrap(bytes));
    temp.close();
    return store.commit(temp, fingerprint);
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
