package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.WorkerStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry local start --workers 3}: three workers with their own ports and tier directories. */
class LocalClusterIT {
  @TempDir Path dir;

  @Test
  void localStartWithThreeWorkersRunsThreeWorkersWithDistinctPortsAndTierDirectories() throws Exception {
    LocalLauncher ferry = new LocalLauncher(dir, 3);
    try {
      assertThat(ferry.ok("local", "start", "--workers", "3", "--no-fuse")).contains("3 worker(s)");
      List<WorkerStatus> workers = ferry.awaitWorkers(3);
      int workerPort = ferry.workerPort();
      assertThat(workers).extracting(w -> w.endpoint().rpcPort())
          .containsExactlyInAnyOrder(workerPort, workerPort + 1, workerPort + 2);
      assertThat(workers).flatExtracting(w -> w.endpoint().tierDirs()).doesNotHaveDuplicates()
          .hasSize(6);
      assertThat(workers).allSatisfy(w -> assertThat(w.tiers()).extracting(WorkerStatus.Tier::alias)
          .containsExactly("MEM", "SSD"));
    } finally {
      ferry.ok("local", "stop");
    }
  }
}
