package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A worker's host cut off (silent loss: its link down, or off the bridge)
 * while two readers on a host without a worker read a file with replication
 * 2 from three worker hosts: both readers finish with the right bytes; the
 * master declares the worker lost and puts a second copy of every block on
 * the two other hosts; once the link is back the worker rejoins and the extra
 * copies are trimmed to two again.
 */
class WorkerHostCutIT {
  private static final int WORKERS = 3;
  private static final int READER = MultiHostCluster.workerHost(WORKERS);
  private static final int CUT_WORKER = 0;
  private static final int SIZE = 48 << 20;
  private static final String PATH = "/cut.bin";
  private static final Map<PropertyKey, String> CLIENT = Map.of(PropertyKey.USER_BLOCK_SIZE, "1MB",
      PropertyKey.USER_READ_STALL_TIMEOUT, "2s");

  @TempDir Path dir;
  private SimulatedHosts hosts;
  private MultiHostCluster cluster;
  private FerryCli reader;
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void startCluster() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);
    hosts = SimulatedHosts.up(READER);
    cluster = new MultiHostCluster(hosts, WORKERS, dir.resolve("cluster"), Map.of(
        PropertyKey.MASTER_REPLICATION_CHECK_INTERVAL, "1s",
        PropertyKey.MASTER_WORKER_TIMEOUT, "3s")).start();
    reader = cluster.cli(READER, CLIENT);
  }

  @AfterEach
  void stopCluster() throws Exception {
    readers.shutdownNow();
    if (cluster != null) {
      cluster.close();
    }
    if (hosts != null) {
      hosts.close();
    }
  }

  @ParameterizedTest(name = "off bridge: {0}")
  @ValueSource(booleans = {false, true})
  void readersFinishWithTheRightBytesAndTheMasterRestoresTwoCopies(boolean offBridge) throws Exception {
    Path local = dir.resolve("file.bin");
    TestFiles.writeRandom(local, SIZE, 5);
    reader.ok("fs", "put", local.toString(), PATH);
    reader.ok("fs", "setReplication", PATH, "2");
    awaitBlocks(holders -> holders.size() == 2, "every block on two hosts");

    // a slower reader link makes the reads last seconds, so the cut falls in the middle of them
    hosts.shape(READER, "200mbit");
    long before = hosts.bytesReceived(READER);
    List<CompletableFuture<Path>> reads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve("read-" + i + ".bin");
      reads.add(CompletableFuture.supplyAsync(() -> get(out), readers));
    }
    while (hosts.bytesReceived(READER) - before < SIZE / 4) {
      assertThat(reads).as("reads still running at the cut").noneMatch(CompletableFuture::isDone);
      Thread.sleep(20);
    }
    int cutHost = MultiHostCluster.workerHost(CUT_WORKER);
    hosts.cut(cutHost, offBridge);

    for (CompletableFuture<Path> read : reads) {
      assertThat(Files.mismatch(local, read.join())).isEqualTo(-1);
    }
    cluster.awaitLiveWorkers(WORKERS - 1);
    String cut = hosts.name(cutHost);
    awaitBlocks(holders -> holders.size() == 2 && !holders.contains(cut), "two copies of every block off " + cut);

    hosts.heal(cutHost);
    cluster.awaitLiveWorkers(WORKERS);
    awaitBlocks(holders -> holders.size() == 2, "two copies of every block after " + cut + " rejoined");
  }

  private Path get(Path out) {
    try {
      reader.ok("fs", "get", PATH, out.toString());
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitBlocks(Predicate<List<String>> condition, String what) throws Exception {
    HostsOfBlocks.await(reader, PATH, SIZE >> 20, condition, what);
  }
}
