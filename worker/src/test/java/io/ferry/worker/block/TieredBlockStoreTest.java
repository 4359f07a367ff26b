package io.ferry.worker.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.BlockChecksums;
import io.ferry.worker.TestData;
import io.ferry.worker.eviction.EvictionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MEM above SSD: placement, demotion, promotion, and SSD blocks kept across restarts. */
public class TieredBlockStoreTest {
  private static final int BLOCK = 4096;

  @TempDir
  Path mem;
  @TempDir
  Path ssd;
  @TempDir
  Path disk;
  private BlockStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private BlockStore open(long memBlocks, long ssdBlocks, EvictionPolicy policy, int promotionReads)
      throws IOException {
    if (store != null) {
      store.close();
    }
    store = new BlockStore(List.of(new TierSpec("MEM", mem, memBlocks * BLOCK, false),
        new TierSpec("SSD", ssd, ssdBlocks * BLOCK, true)), policy, promotionReads);
    return store;
  }

  @Test
  void newBlocksLandInTheTopTier() throws IOException {
    open(4, 8, EvictionPolicy.LRU, 2);

    BlockMeta meta = commit(1);

    assertThat(meta.path().getParent()).isEqualTo(mem);
    assertThat(store.tierUsages()).extracting(u -> u.getUsedBytes()).containsExactly((long) BLOCK, 0L);
  }

  @Test
  void replicaCopiesLandInTheLastTierAndLeaveMemAlone() throws IOException {
    open(2, 8, EvictionPolicy.LRU, 100);
    commit(1);
    commit(2);

    BlockMeta replica = commit(store.createReplicaTemp(3), 3);

    assertThat(replica.path().getParent()).isEqualTo(ssd);
    assertThat(Files.readAllBytes(replica.path())).isEqualTo(TestData.bytes(BLOCK, 3));
    assertThat(store.get(1).orElseThrow().path().getParent()).isEqualTo(mem);
    assertThat(store.get(2).orElseThrow().path().getParent()).isEqualTo(mem);
  }

  @Test
  void fullMemTierMovesBlocksDownToSsdInsteadOfDroppingThem() throws IOException {
    open(2, 8, EvictionPolicy.LRU, 100);

    for (long id = 1; id <= 5; id++) {
      commit(id);
    }

    assertThat(store.blockIds()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    assertThat(store.get(1).orElseThrow().path().getParent()).isEqualTo(ssd);
    assertThat(Files.readAllBytes(store.get(1).orElseThrow().path())).isEqualTo(TestData.bytes(BLOCK, 1));
    assertThat(store.get(5).orElseThrow().path().getParent()).isEqualTo(mem);
    assertThat(store.changes().snapshot().removedBlockIds()).isEmpty();
    assertThat(store.tierUsages()).extracting(u -> u.getUsedBytes()).containsExactly(2L * BLOCK, 3L * BLOCK);
  }

  @Test
  void aBlockMovedDownCountsAsAnEvictionAndADemotionOfTheTierItLeft() throws IOException {
    open(2, 8, EvictionPolicy.LRU, 100);

    for (long id = 1; id <= 3; id++) {
      commit(id);
    }

    assertThat(store.movesByTier()).containsExactly(Map.entry("MEM", new TierMoves(1, 1, 0)),
        Map.entry("SSD", new TierMoves(0, 0, 0)));
  }

  @Test
  void onlyTheLastTierDropsBlocks() throws IOException {
    open(1, 2, EvictionPolicy.LRU, 100);

    for (long id = 1; id <= 4; id++) {
      commit(id);
    }

    assertThat(store.blockIds()).hasSize(3);
    assertThat(store.changes().snapshot().removedBlockIds()).containsExactly(1L);
    assertThat(Files.list(ssd).filter(f -> f.getFileName().toString().startsWith("1-")).toList()).isEmpty();
  }

  @Test
  void blockReadOftenFromSsdMovesBackUpToMemWhenMemHasRoom() throws Exception {
    readTwiceFromSsdWithRoomInMem(1);

    awaitTier(1, mem);
    assertThat(Files.readAllBytes(store.get(1).orElseThrow().path())).isEqualTo(TestData.bytes(BLOCK, 1));
  }

  @Test
  void aPromotionIsCountedForTheTierTheBlockEntered() throws Exception {
    readTwiceFromSsdWithRoomInMem(1);

    for (int i = 0; i < 100 && store.movesByTier().get("MEM").promotions() == 0; i++) {
      Thread.sleep(20); // the mover counts once the block is in
    }
    assertThat(store.movesByTier().get("MEM").promotions()).isEqualTo(1);
    assertThat(store.movesByTier().get("SSD").promotions()).isZero();
  }

  @Test
  void promotionNeverPushesABlockOutOfAFullTier() throws Exception {
    store = new BlockStore(List.of(new TierSpec("MEM", mem, BLOCK, false), new TierSpec("SSD", ssd, 2L * BLOCK, true),
        new TierSpec("DISK", disk, 8L * BLOCK, true)), EvictionPolicy.LRU, 2);
    for (long id = 1; id <= 4; id++) {
      commit(id); // MEM {4}, SSD {2, 3}, DISK {1}
    }
    store.remove(2); // room in SSD, none in MEM

    store.get(3);
    store.get(3); // asks to promote 3 into the full MEM tier
    store.get(1);
    store.get(1); // then 1 into SSD, which has room: the mover does both in order

    awaitTier(1, ssd);
    assertThat(store.get(3).orElseThrow().path().getParent()).isEqualTo(ssd);
    assertThat(store.get(4).orElseThrow().path().getParent()).isEqualTo(mem);
  }

  @Test
  void ssdBlocksSurviveARestartAndMemBlocksDoNot() throws IOException {
    open(1, 8, EvictionPolicy.LRU, 100);
    commit(1);
    commit(2); // 1 moves down to SSD, 2 stays in MEM

    store.close();
    store = null;
    open(1, 8, EvictionPolicy.LRU, 100);

    assertThat(store.blockIds()).containsExactly(1L);
    BlockMeta kept = store.get(1).orElseThrow();
    assertThat(kept.fingerprint()).isEqualTo("fp");
    assertThat(Files.readAllBytes(kept.path())).isEqualTo(TestData.bytes(BLOCK, 1));
  }

  @Test
  void corruptOrPartialSsdBlocksAreDroppedAtStart() throws IOException {
    open(1, 8, EvictionPolicy.LRU, 100);
    for (long id = 1; id <= 4; id++) {
      commit(id);
    }
    Path flipped = store.get(1).orElseThrow().path();
    Path truncated = store.get(2).orElseThrow().path();
    Path noChecksum = store.get(3).orElseThrow().path();
    store = null;

    flipByte(flipped, 100);
    try (FileChannel ch = FileChannel.open(truncated, StandardOpenOption.WRITE)) {
      ch.truncate(BLOCK / 2);
    }
    Files.delete(BlockChecksums.sidecar(noChecksum));
    open(1, 8, EvictionPolicy.LRU, 100);

    assertThat(store.blockIds()).isEmpty();
    assertThat(flipped).doesNotExist();
    assertThat(truncated).doesNotExist();
    assertThat(noChecksum).doesNotExist();
  }

  @Test
  void tinyLfuTierKeepsTheCapacityAndMovesRejectedBlocksDown() throws IOException {
    open(2, 16, EvictionPolicy.W_TINYLFU, 100);

    for (long id = 1; id <= 10; id++) {
      commit(id);
    }

    assertThat(store.blockIds()).hasSize(10);
    assertThat(store.tierUsages().get(0).getUsedBytes()).isLessThanOrEqualTo(2L * BLOCK);
  }

  public static void flipByte(Path file, long position) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0xff)).rewind();
      ch.write(one, position);
    }
  }

  /** Block {@code id} moved down to SSD, MEM emptied, then two reads of it: enough to promote it. */
  private void readTwiceFromSsdWithRoomInMem(long id) throws IOException {
    open(1, 8, EvictionPolicy.LRU, 2);
    commit(id);
    commit(id + 1); // id moves down
    store.remove(id + 1);

    store.get(id);
    store.get(id);
  }

  private void awaitTier(long blockId, Path tierDir) throws InterruptedException {
    for (int i = 0; i < 100 && !store.get(blockId).orElseThrow().path().getParent().equals(tierDir); i++) {
      Thread.sleep(20);
    }
    assertThat(store.get(blockId).orElseThrow().path().getParent()).isEqualTo(tierDir);
  }

  private BlockMeta commit(long id) throws IOException {
    return commit(store.createTemp(id), id);
  }

  private BlockMeta commit(TempBlock temp, long id) throws IOException {
    temp.write(ByteBuffer.wrap(TestData.bytes(BLOCK, id)));
    temp.close();
    return store.commit(temp, "fp");
  }
}
