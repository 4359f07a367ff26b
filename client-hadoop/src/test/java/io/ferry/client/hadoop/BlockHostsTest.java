package io.ferry.client.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FileBlock;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerEndpoint;
import io.ferry.client.WorkerStatus;
import io.ferry.common.BlockIds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.BlockLocation;
import org.junit.jupiter.api.Test;

class BlockHostsTest {
  private static final long BLOCK = 100;
  private static final List<WorkerStatus> LIVE = List.of(worker("h1", 1), worker("h2", 2), worker("h3", 3));
  private static final BlockHosts.LiveWorkers NOT_ASKED = () -> {
    throw new AssertionError("the live workers were asked for though every block is cached");
  };

  private static WorkerStatus worker(String host, long id) {
    return new WorkerStatus(endpoint(id, host), List.of(new WorkerStatus.Tier("MEM", 1 << 30, 0)), 0, 0,
        new WorkerStatus.Counters(0, 0, 0, 0, 0, 0));
  }

  private static WorkerEndpoint endpoint(long id, String host) {
    return new WorkerEndpoint(id, host, 29999, 0, List.of());
  }

  /** A file of 250 bytes in blocks of 100; block i cached on {@code holders[i]} (null: nowhere). */
  private static PathStatus file(int replication, String... holders) {
    List<FileBlock> blocks = new ArrayList<>();
    for (int i = 0; i < holders.length; i++) {
      if (holders[i] != null) {
        blocks.add(new FileBlock(BlockIds.of(7, i), i * BLOCK, Math.min(BLOCK, 250 - i * BLOCK),
            List.of(endpoint(0, holders[i]))));
      }
    }
    return new PathStatus(7, "/f", "f", false, 250, BLOCK, 0, "", "", 0644, "", 0, "", true, true, replication,
        false, 0, Optional.empty(), false, blocks, "");
  }

  @Test
  void cachedBlocksAreOnTheWorkersThatHoldThem() throws IOException {
    BlockLocation[] blocks = BlockHosts.of(file(1, "h2", "h3", "h1"), 0, 250, NOT_ASKED);

    List<String> described = new ArrayList<>();
    for (BlockLocation b : blocks) {
      described.add(b.getHosts()[0] + "@" + b.getOffset() + "+" + b.getLength());
    }
    assertThat(described).containsExactly("h2@0+100", "h3@100+100", "h1@200+50");
    assertThat(blocks[0].getNames()).containsExactly("h2:29999");
  }

  @Test
  void aBlockCachedNowhereIsOnItsPlacementTargetsAsManyAsTheReplication() throws IOException {
    BlockLocation[] blocks = BlockHosts.of(file(2, "h1", null, "h1"), 0, 250, () -> LIVE);

    assertThat(blocks[1].getHosts()).hasSize(2).doesNotHaveDuplicates().isSubsetOf("h1", "h2", "h3");
    assertThat(blocks[0].getHosts()).containsExactly("h1");
  }

  @Test
  void onlyTheBlocksOverlappingTheRangeAreReturned() throws IOException {
    BlockLocation[] blocks = BlockHosts.of(file(1, "h1", "h2", "h3"), 150, 60, NOT_ASKED);

    assertThat(Arrays.stream(blocks).mapToLong(BlockLocation::getOffset)).containsExactly(100L, 200L);
  }

  @Test
  void aRangePastTheEndHasNoBlocks() throws IOException {
    assertThat(BlockHosts.of(file(1, "h1", "h2", "h3"), 250, 10, NOT_ASKED)).isEmpty();
  }
}
