package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import io.ferry.it.FerryCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A real PyTorch DataLoader (num_workers=2) over 10,000 files of 100 KiB read from the mount. */
class DataLoaderIT {
  private static final int FILES = 10_000;
  private static final int FILE_SIZE = 100 * 1024;

  @Test
  void everyFileReachesTheTrainingLoopByteIdentical() throws Exception {
    try (MountedCluster fuse = MountedCluster.builder("ferry-fuse-torch-")
        .cluster(b -> b.workerProperty(PropertyKey.WORKER_MEM_CAPACITY, "2GB"))
        .beforeMount(DataLoaderIT::writeSamples)
        .start()) {
      Shell.Result r = Shell.run(Duration.ofMinutes(10), "python3", "src/test/python/dataloader_check.py",
          fuse.dir().resolve("train").toString(), fuse.cluster().rootUfs().resolve("train").toString());
      System.out.println(r.output());
      assertThat(r.output()).contains("dataloader_check: " + FILES + " files read").contains(", 0 differ");
      assertThat(r.exitCode()).isZero();
    }
  }

  private static void writeSamples(FerryCluster cluster) throws IOException {
    Path source = Files.createDirectories(cluster.rootUfs().resolve("train"));
    Random random = new Random(11);
    byte[] bytes = new byte[FILE_SIZE];
    for (int i = 0; i < FILES; i++) {
      random.nextBytes(bytes);
      Files.write(source.resolve(String.format("sample-%05d.bin", i)), bytes);
    }
  }
}
