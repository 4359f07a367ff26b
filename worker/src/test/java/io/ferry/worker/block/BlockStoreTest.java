package io.ferry.worker.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.common.BlockChecksums;
import io.ferry.common.BlockFiles;
import io.ferry.common.BlockIds;
import io.ferry.worker.TestData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreTest {
  private static final int BLOCK = 4096;

  @TempDir
  Path dir;

  @Test
  void committedBlockIsFoundWithItsFingerprintAndBytes() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    byte[] bytes = TestData.bytes(BLOCK, 1);

    BlockMeta meta = store.commit(temp(store, 5, bytes), "fp1");

    assertThat(store.get(5)).contains(meta);
    assertThat(meta.path()).isEqualTo(file(5, "fp1"));
    assertThat(meta.fingerprint()).isEqualTo("fp1");
    assertThat(Files.readAllBytes(meta.path())).isEqualTo(bytes);
    assertThat(store.changes().snapshot().addedBlockIds()).containsExactly(5L);
    assertThat(store.tierUsages().get(0).getUsedBytes()).isEqualTo(BLOCK);
  }

  @Test
  void blockBeingWrittenIsNotVisibleAtItsBlockPath() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);

    TempBlock temp = temp(store, 5, TestData.bytes(BLOCK, 1));

    assertThat(blockFiles()).isEmpty();
    assertThat(store.get(5)).isEmpty();
    temp.discard();
    assertThat(temp.path()).doesNotExist();
  }

  @Test
  void evictionsAreCountedPerTier() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);

    for (long id = 1; id <= 4; id++) {
      store.commit(temp(store, id, TestData.bytes(BLOCK, id)), "fp");
    }

    assertThat(store.movesByTier()).containsExactly(Map.entry("MEM", new TierMoves(2, 0, 0)));
  }

  @Test
  void aBlockFileBelongsToTheTierOfItsDirectory() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    BlockMeta meta = store.commit(temp(store, 1, TestData.bytes(BLOCK, 1)), "fp");

    assertThat(store.tierOf(meta.path())).isEqualTo("MEM");
    assertThat(store.tierOf(dir.resolveSibling("elsewhere").resolve("x"))).isEqualTo(BlockStore.UNKNOWN_TIER);
  }

  @Test
  void fullTierEvictsDeletesTheFileAndReportsTheRemoval() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);

    for (long id = 1; id <= 3; id++) {
      store.commit(temp(store, id, TestData.bytes(BLOCK, id)), "fp");
    }

    assertThat(store.blockIds()).hasSize(2);
    assertThat(store.tierUsages().get(0).getUsedBytes()).isEqualTo(2 * BLOCK);
    List<Long> removed = store.changes().snapshot().removedBlockIds();
    assertThat(removed).hasSize(1);
    assertThat(file(removed.get(0), "fp")).doesNotExist();
    assertThat(blockFiles()).hasSize(2);
  }

  @Test
  void removeDeletesTheFileAndReportsTheRemoval() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    store.commit(temp(store, 5, TestData.bytes(BLOCK, 1)), "fp");

    assertThat(store.remove(5)).isTrue();

    assertThat(store.get(5)).isEmpty();
    assertThat(file(5, "fp")).doesNotExist();
    assertThat(store.changes().snapshot().removedBlockIds()).containsExactly(5L);
  }

  @Test
  void removingAReplacedCopyKeepsTheNewOne() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    BlockMeta stale = store.commit(temp(store, 5, TestData.bytes(BLOCK, 1)), "old");
    byte[] fresh = TestData.bytes(BLOCK, 2);
    store.commit(temp(store, 5, fresh), "new");

    assertThat(store.remove(stale)).isFalse();

    assertThat(store.get(5).orElseThrow().fingerprint()).isEqualTo("new");
    assertThat(Files.readAllBytes(file(5, "new"))).isEqualTo(fresh);
  }

  @Test
  void recommittingWithAnotherFingerprintDeletesTheOldCopy() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    store.commit(temp(store, 5, TestData.bytes(BLOCK, 1)), "old");

    store.commit(temp(store, 5, TestData.bytes(BLOCK, 2)), "new");

    assertThat(blockFiles()).containsExactly(file(5, "new"));
    assertThat(store.tierUsages().get(0).getUsedBytes()).isEqualTo(BLOCK);
  }

  @Test
  void openingDeletesStaleBlockFilesButNoOtherFiles() throws IOException {
    Files.write(file(42, "fp"), new byte[10]);
    Files.createDirectories(dir.resolve("tmp"));
    Files.write(dir.resolve("tmp").resolve("42-1.tmp"), new byte[10]);
    Files.write(dir.resolve("notes.txt"), new byte[10]);

    BlockStore store = new BlockStore(dir, 10 * BLOCK);

    assertThat(store.blockIds()).isEmpty();
    assertThat(file(42, "fp")).doesNotExist();
    assertThat(dir.resolve("tmp").resolve("42-1.tmp")).doesNotExist();
    assertThat(dir.resolve("notes.txt")).exists();
  }

  @Test
  void aCacheOnlyBlockIsNeverEvictedByLaterBlocks() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    BlockMeta cacheOnly = store.commit(reservedTemp(store, 1, TestData.bytes(BLOCK, 1)), "");

    for (long id = 2; id <= 5; id++) {
      store.commit(temp(store, id, TestData.bytes(BLOCK, id)), "fp");
    }

    assertThat(store.get(1)).contains(cacheOnly);
    assertThat(cacheOnly.path()).exists();
    assertThat(store.tierUsages().get(0).getUsedBytes()).isEqualTo(2 * BLOCK);
  }

  @Test
  void aRelabelledCacheOnlyBlockIsReadAsTheGivenVersionUnderItsName() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    BlockMeta cacheOnly = store.commit(reservedTemp(store, 1, TestData.bytes(BLOCK, 1)), "");

    assertThat(store.relabel(1, "fp")).isTrue();

    BlockMeta relabelled = store.get(1).orElseThrow();
    assertThat(relabelled.fingerprint()).isEqualTo("fp");
    assertThat(relabelled.crc()).isEqualTo(cacheOnly.crc());
    assertThat(relabelled.path()).isEqualTo(file(1, "fp")).hasBinaryContent(TestData.bytes(BLOCK, 1));
    assertThat(cacheOnly.path()).doesNotExist();
    assertThat(BlockChecksums.sidecar(cacheOnly.path())).doesNotExist();
  }

  @Test
  void aRelabelledCacheOnlyBlockIsEvictableAgain() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    store.commit(reservedTemp(store, 1, TestData.bytes(BLOCK, 1)), "");
    store.relabel(1, "fp");

    flood(store, 20);

    assertThat(store.get(1)).isEmpty();
    assertThat(store.tierUsages().get(0).getUsedBytes()).isLessThanOrEqualTo(2 * BLOCK);
  }

  @Test
  void onlyCacheOnlyBlocksAreRelabelled() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    BlockMeta cached = store.commit(temp(store, 1, TestData.bytes(BLOCK, 1)), "fp");

    assertThat(store.relabel(1, "other")).isFalse();
    assertThat(store.relabel(2, "fp")).isFalse();
    assertThat(store.get(1)).contains(cached);
  }

  @Test
  void aReservationBeyondTheRoomLeftBesideCacheOnlyBlocksIsRefusedAndEvictsNothing() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    store.commit(reservedTemp(store, 1, TestData.bytes(BLOCK, 1)), "");
    store.commit(temp(store, 2, TestData.bytes(BLOCK, 2)), "fp");

    TempBlock tooLarge = store.createTemp(3);

    assertThat(tooLarge.reserveCacheOnly(BLOCK + 1)).isFalse();
    assertThat(store.blockIds()).containsExactlyInAnyOrder(1L, 2L);
    tooLarge.discard();
  }

  @Test
  void aDiscardedWriteGivesItsReservedRoomBack() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    TempBlock abandoned = store.createTemp(1);
    assertThat(abandoned.reserveCacheOnly(2 * BLOCK)).isTrue();

    abandoned.discard();

    assertThat(store.createTemp(2).reserveCacheOnly(2 * BLOCK)).isTrue();
  }

  @Test
  void removingACacheOnlyBlockFreesItsRoom() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    store.commit(reservedTemp(store, 1, TestData.bytes(2 * BLOCK, 1)), "");

    store.remove(1);

    assertThat(store.createTemp(2).reserveCacheOnly(2 * BLOCK)).isTrue();
    assertThat(store.tierUsages().get(0).getUsedBytes()).isZero();
  }

  private static final long PINNED_FILE = 7;
  private static final long OTHER_FILE = 8;

  /** Commits {@code count} blocks of another file than the pinned one: a cache flood. */
  private static void flood(BlockStore store, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      store.commit(temp(store, BlockIds.of(OTHER_FILE, i), TestData.bytes(BLOCK, i)), "fp");
    }
  }

  private static BlockMeta commitPinnedFileBlock(BlockStore store, int index) throws IOException {
    return store.commit(temp(store, BlockIds.of(PINNED_FILE, index), TestData.bytes(BLOCK, 100 + index)), "fp");
  }

  @Test
  void theBlocksOfAFilePinnedAfterTheyWereCachedSurviveACacheFlood() throws IOException {
    BlockStore store = new BlockStore(dir, 4 * BLOCK);
    BlockMeta first = commitPinnedFileBlock(store, 0);
    BlockMeta second = commitPinnedFileBlock(store, 1);

    store.pin(1, List.of(PINNED_FILE));
    flood(store, 20);

    assertThat(store.get(first.blockId())).contains(first);
    assertThat(store.get(second.blockId())).contains(second);
    assertThat(first.path()).exists();
    assertThat(store.tierUsages().get(0).getUsedBytes()).isEqualTo(4 * BLOCK);
  }

  @Test
  void aBlockOfAPinnedFileCachedLaterSurvivesACacheFlood() throws IOException {
    BlockStore store = new BlockStore(dir, 4 * BLOCK);
    store.pin(1, List.of(PINNED_FILE));

    BlockMeta meta = commitPinnedFileBlock(store, 0);
    flood(store, 20);

    assertThat(store.get(meta.blockId())).contains(meta);
  }

  @Test
  void theBlocksOfAnUnpinnedFileAreEvictedAgain() throws IOException {
    BlockStore store = new BlockStore(dir, 4 * BLOCK);
    store.pin(1, List.of(PINNED_FILE));
    BlockMeta meta = commitPinnedFileBlock(store, 0);

    store.pin(2, List.of());
    flood(store, 20);

    assertThat(store.get(meta.blockId())).isEmpty();
    assertThat(store.tierUsages().get(0).getUsedBytes()).isLessThanOrEqualTo(4 * BLOCK);
  }

  @Test
  void aPinnedFileLargerThanTheTierKeepsTheBlocksThatFitAndTheRestStaysEvictable() throws IOException {
    BlockStore store = new BlockStore(dir, 2 * BLOCK);
    store.pin(1, List.of(PINNED_FILE));

    BlockMeta first = commitPinnedFileBlock(store, 0);
    BlockMeta second = commitPinnedFileBlock(store, 1);
    commitPinnedFileBlock(store, 2);
    flood(store, 5);

    assertThat(store.get(first.blockId())).contains(first);
    assertThat(store.get(second.blockId())).contains(second);
    assertThat(store.get(BlockIds.of(PINNED_FILE, 2))).isEmpty();
  }

  @Test
  void theStoreReportsTheVersionOfThePinnedFilesItKeeps() throws IOException {
    BlockStore store = new BlockStore(dir, 4 * BLOCK);
    assertThat(store.pinsVersion()).isZero();

    store.pin(42, List.of(PINNED_FILE));

    assertThat(store.pinsVersion()).isEqualTo(42);
  }

  private static TempBlock reservedTemp(BlockStore store, long blockId, byte[] bytes) throws IOException {
    TempBlock temp = store.createTemp(blockId);
    assertThat(temp.reserveCacheOnly(bytes.length)).isTrue();
    temp.write(ByteBuffer.wrap(bytes));
    temp.close();
    return temp;
  }

  @Test
  void aBlockAClientWroteIntoItsFileIsCommittedWithTheLengthAndChecksumItReported() throws IOException {
    BlockStore store = new BlockStore(dir, 10 * BLOCK);
    byte[] bytes = TestData.bytes(BLOCK, 1);
    TempBlock temp = store.createTemp(5);

    Files.write(temp.path(), bytes);
    temp.writtenByClient(BLOCK, crc32c(bytes));
    temp.close();
    BlockMeta meta = store.commit(temp, "fp1");

    assertThat(meta.length()).isEqualTo(BLOCK);
    assertThat(meta.crc()).isEqualTo(crc32c(bytes));
    assertThat(Files.readAllBytes(meta.path())).isEqualTo(bytes);
  }

  @Test
  void aClientCannotReportMoreBytesThanTheBlockFileHolds() throws IOException {
    TempBlock temp = new BlockStore(dir, 10 * BLOCK).createTemp(5);
    Files.write(temp.path(), TestData.bytes(BLOCK, 1));

    assertThatThrownBy(() -> temp.writtenByClient(BLOCK + 1, 0)).isInstanceOf(IOException.class);
  }

  @Test
  void aBlockFileHoldingMoreThanTheClientReportedIsRefusedWhenItEnds() throws IOException {
    TempBlock temp = new BlockStore(dir, 10 * BLOCK).createTemp(5);
    Files.write(temp.path(), TestData.bytes(BLOCK, 1));
    temp.writtenByClient(BLOCK / 2, 0);
    Files.write(temp.path(), TestData.bytes(BLOCK, 2));

    assertThatThrownBy(temp::close).isInstanceOf(IOException.class);
  }

  private static long crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return crc.getValue();
  }

  private static TempBlock temp(BlockStore store, long blockId, byte[] bytes) throws IOException {
    TempBlock temp = store.createTemp(blockId);
    temp.write(ByteBuffer.wrap(bytes));
    temp.close();
    return temp;
  }

  private Path file(long blockId, String fingerprint) {
    return dir.resolve(BlockFiles.fileName(blockId, fingerprint));
  }

  private List<Path> blockFiles() throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(BlockChecksums.SUFFIX)).toList();
    }
  }
}
