package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.common.conf.PropertyKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry across simulated hosts (network namespaces; root only): the master on
 * host 1, workers on hosts 2 and 3, and host 4 with no worker, each daemon
 * bound to and advertising its host's name. A reader on a host without a
 * worker streams over the network; a reader on a worker's host reads that
 * worker's copy short-circuit; replicas go to both worker hosts.
 */
class MultiHostIT {
  private static final int HOSTS = 4;
  private static final int WORKERS = 2;
  private static final int READER = 4;
  private static final int SIZE = 8 << 20;
  private static final Map<PropertyKey, String> CLIENT = Map.of(PropertyKey.USER_BLOCK_SIZE, "1MB");

  @TempDir static Path dir;
  private static SimulatedHosts hosts;
  private static MultiHostCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Optional<String> unavailable = SimulatedHosts.unavailableReason();
    assumeTrue(unavailable.isEmpty(), unavailable::get);
    hosts = SimulatedHosts.up(HOSTS);
    cluster = new MultiHostCluster(hosts, WORKERS, dir.resolve("cluster"),
        Map.of(PropertyKey.MASTER_REPLICATION_CHECK_INTERVAL, "1s")).start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void aReaderOnAHostWithoutAWorkerReadsTheRightBytesOverTheNetwork() throws Exception {
    Path local = dir.resolve("written.bin");
    TestFiles.writeRandom(local, SIZE, 1);
    FerryCli reader = cluster.cli(READER, CLIENT);
    reader.ok("fs", "put", local.toString(), "/remote.bin");

    long before = hosts.bytesReceived(READER);
    Path read = dir.resolve("read-remote.bin");
    reader.ok("fs", "get", "/remote.bin", read.toString());

    assertThat(Files.mismatch(local, read)).isEqualTo(-1);
    assertThat(hosts.bytesReceived(READER) - before).as("bytes the reader host received").isGreaterThan(SIZE);
  }

  @Test
  void replicationTwoPutsACopyOfEveryBlockOnEachWorkerHost() throws Exception {
    Path local = dir.resolve("replicated.bin");
    TestFiles.writeRandom(local, SIZE, 2);
    FerryCli reader = cluster.cli(READER, CLIENT);
    reader.ok("fs", "put", local.toString(), "/replicated.bin");
    reader.ok("fs", "setReplication", "/replicated.bin", "2");

    assertThat(awaitTwoHostsPerBlock(reader, "/replicated.bin"))
        .allSatisfy(holders -> assertThat(holders).containsExactlyInAnyOrder(
            hosts.name(MultiHostCluster.workerHost(0)), hosts.name(MultiHostCluster.workerHost(1))));
  }

  @Test
  void aReaderOnAWorkerHostReadsItsWorkersCopyWithoutTheNetwork() throws Exception {
    Path local = dir.resolve("local.bin");
    TestFiles.writeRandom(local, SIZE, 3);
    FerryCli reader = cluster.cli(READER, CLIENT);
    reader.ok("fs", "put", local.toString(), "/local.bin");
    reader.ok("fs", "setReplication", "/local.bin", "2");
    awaitTwoHostsPerBlock(reader, "/local.bin");

    int workerHost = MultiHostCluster.workerHost(0);
    long before = hosts.bytesReceived(workerHost);
    Path read = dir.resolve("read-local.bin");
    cluster.cli(workerHost, CLIENT).ok("fs", "get", "/local.bin", read.toString());

    assertThat(Files.mismatch(local, read)).isEqualTo(-1);
    assertThat(hosts.bytesReceived(workerHost) - before).as("bytes the worker host received")
        .isLessThan(SIZE / 8);
  }

  /** The hosts holding each block of {@code path}, once every block is on two hosts. */
  private static List<List<String>> awaitTwoHostsPerBlock(FerryCli cli, String path) throws Exception {
    return HostsOfBlocks.await(cli, path, SIZE >> 20, holders -> holders.size() == 2, "every block on two hosts");
  }
}
