package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.FerryInputStream;
import io.ferry.client.FileBlock;
import io.ferry.client.PathStatus;
import io.ferry.client.WorkerStatus;
import io.ferry.common.BlockFiles;
import io.ferry.common.BlockIds;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One worker with MEM (one block) above SSD: persistence across kill -9 and checksums on read. */
class TieredCacheIT {
  private static final int BLOCK = 4 << 20;
  private static final int BLOCKS = 8;
  private static final String PATH = "/data.bin";

  @TempDir Path dir;
  private FerryCluster cluster;
  private byte[] data;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).ssdTier()
        .masterProperty(PropertyKey.USER_BLOCK_SIZE, BLOCK)
        .workerProperty(PropertyKey.WORKER_MEM_CAPACITY, BLOCK)
        .workerProperty(PropertyKey.WORKER_EVICTION_POLICY, "LRU")
        .start();
    data = TestFiles.randomBytes(BLOCKS * BLOCK, 3);
    Files.write(cluster.rootUfs().resolve("data.bin"), data);
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  private FerryClient client(boolean shortCircuit) {
    return FerryClient.create(cluster.clientConf().toBuilder()
        .set(PropertyKey.USER_SHORT_CIRCUIT_ENABLED, shortCircuit).build());
  }

  @Test
  void blocksThatDoNotFitInMemMoveDownToSsdAndShowInTheReport() throws Exception {
    try (FerryClient client = client(false)) {
      assertThat(readAll(client)).isEqualTo(data);

      // tier usage comes with heartbeats: one sent during the read shows less
      List<WorkerStatus.Tier> tiers = ClusterReports.await(client,
          r -> r.liveWorkers().get(0).tiers().get(1).usedBytes() == (BLOCKS - 1L) * BLOCK)
          .liveWorkers().get(0).tiers();
      assertThat(tiers).extracting(WorkerStatus.Tier::alias).containsExactly("MEM", "SSD");
      assertThat(tiers.get(0).usedBytes()).isEqualTo(BLOCK);
      assertThat(tiers.get(1).usedBytes()).isEqualTo((BLOCKS - 1L) * BLOCK);
    }
    assertThat(new FerryCli(cluster.masterPort(), dir.resolve("cli")).run("report").stdout())
        .contains("tier MEM: 4.00 MiB used").contains("tier SSD: 28.00 MiB used");
  }

  @Test
  void blocksMovedDownToSsdAreCountedAsDemotionsOfMem() throws Exception {
    try (FerryClient client = client(false)) {
      assertThat(readAll(client)).isEqualTo(data);
    }

    assertThat(WebPort.metrics(cluster.workerWebPort(0)))
        .contains("ferry_worker_cache_demotions_total{tier=\"MEM\"} " + (BLOCKS - 1) + ".0")
        .contains("ferry_worker_cache_demotions_total{tier=\"SSD\"} 0.0");
  }

  @Test
  void ssdBlocksSurviveAKill9RestartAndAreReadWithoutTouchingTheUfs() throws Exception {
    try (FerryClient client = client(false)) {
      assertThat(readAll(client)).isEqualTo(data);
      ClusterReports.await(client, r -> r.cachedBlocks() == BLOCKS);

      cluster.killWorker(0);
      cluster.restartWorker(0);

      // the restarted worker registers what its SSD tier kept: every block but the one in MEM
      // (until it does, the master still lists all of them)
      PathStatus file = awaitBlocksWithLocations(client, BLOCKS - 1);
      try (FerryInputStream in = client.openFile(PATH)) {
        for (FileBlock b : file.blocks()) {
          if (b.locations().size() > 0) {
            byte[] buf = new byte[(int) b.length()];
            in.seek(b.offset());
            assertThat(in.readNBytes(buf, 0, buf.length)).isEqualTo(buf.length);
            int from = (int) b.offset();
            assertThat(buf).isEqualTo(Arrays.copyOfRange(data, from, from + buf.length));
          }
        }
      }
      WorkerStatus.Counters metrics =
          ClusterReports.await(client, r -> r.cacheHits() >= BLOCKS - 1).liveWorkers().get(0).counters();
      assertThat(metrics.ufsBytesRead()).isZero();
      assertThat(metrics.cacheMisses()).isZero();
    }
  }

  @ParameterizedTest(name = "short-circuit {0}")
  @ValueSource(booleans = {true, false})
  void flippedByteInACachedBlockIsDetectedAndNeverServed(boolean shortCircuit) throws Exception {
    try (FerryClient client = client(shortCircuit)) {
      assertThat(readAll(client)).isEqualTo(data);
      PathStatus file = client.getStatus(PATH);
      for (int index = 0; index < BLOCKS; index++) {
        flipByte(blockFile(client, file, index), 12345);
      }

      assertThat(readAll(client)).isEqualTo(data);

      assertThat(ClusterReports.await(client, r -> r.liveWorkers().get(0).counters().corruptBlocks() == BLOCKS)
          .liveWorkers().get(0).counters().corruptBlocks()).isEqualTo(BLOCKS);
    }
  }

  @Test
  void memBlockStaysMappedBetweenReadsAndNoDeletedMemFileStaysMapped() throws Exception {
    try (FerryClient client = client(false)) {
      assertThat(readAll(client)).isEqualTo(data);
      PathStatus file = client.getStatus(PATH, true);
      Path inMem = blockFile(client, file, BLOCKS - 1); // the last block read is the one MEM holds
      for (int read = 0; read < 2; read++) { // the first read may check the block's checksum first
        assertThat(readBlock(client, file, BLOCKS - 1)).isEqualTo(blockOf(BLOCKS - 1));
      }
      assertThat(workerMappings()).as("the worker's mappings").anyMatch(line -> line.endsWith(inMem.toString()));

      // a new block lands in MEM and pushes the mapped one down to SSD: its MEM file is deleted
      Files.write(cluster.rootUfs().resolve("other.bin"), TestFiles.randomBytes(BLOCK, 4));
      try (FerryInputStream in = client.openFile("/other.bin")) {
        assertThat(in.readAllBytes()).hasSize(BLOCK);
      }

      assertThat(inMem).doesNotExist();
      // neither the kept mapping of the block that moved down nor any stream's mapping of an
      // evicted MEM file waits for a garbage collection: their tmpfs memory is free at once
      String memDir = inMem.getParent().toString();
      assertThat(workerMappings()).as("the worker's mappings")
          .noneMatch(line -> line.contains(memDir) && line.endsWith("(deleted)"));
      assertThat(readAll(client)).isEqualTo(data);
    }
  }

  private static byte[] readBlock(FerryClient client, PathStatus file, int index) throws IOException {
    FileBlock block = file.blocks().get(index);
    try (FerryInputStream in = client.openFile(file)) {
      in.seek(block.offset());
      return in.readNBytes((int) block.length());
    }
  }

  private byte[] blockOf(int index) {
    return Arrays.copyOfRange(data, index * BLOCK, (index + 1) * BLOCK);
  }

  /** The files the worker process has mapped, one line of /proc/PID/maps each. */
  private List<String> workerMappings() throws IOException {
    return Files.readAllLines(Path.of("/proc", String.valueOf(cluster.workerPid(0)), "maps"));
  }

  private byte[] readAll(FerryClient client) throws IOException {
    try (FerryInputStream in = client.openFile(PATH)) {
      return in.readAllBytes();
    }
  }

  /** The cached file of a block, in whichever tier directory holds it. */
  private Path blockFile(FerryClient client, PathStatus file, int index) throws Exception {
    String name = BlockFiles.fileName(BlockIds.of(file.id(), index), file.fingerprint());
    for (String tierDir : client.getWorkers().get(0).endpoint().tierDirs()) {
      Path candidate = Path.of(tierDir, name);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("block " + index + " is cached in no tier directory");
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      ch.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0xff)).rewind();
      ch.write(one, position);
    }
  }

  /** Waits until exactly {@code count} blocks of the file have a location. */
  private PathStatus awaitBlocksWithLocations(FerryClient client, int count) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      PathStatus file = client.getStatus(PATH, true);
      long located = file.blocks().stream().filter(b -> b.locations().size() > 0).count();
      if (located == count || System.nanoTime() > deadline) {
        assertThat(located).as("blocks with a location").isEqualTo(count);
        return file;
      }
      Thread.sleep(100);
    }
  }
}
