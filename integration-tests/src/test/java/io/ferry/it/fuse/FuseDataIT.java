package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.conf.PropertyKey;
import io.ferry.client.CreateOptions;
import io.ferry.client.FerryClient;
import io.ferry.client.FerryOutputStream;
import io.ferry.it.ClusterReports;
import io.ferry.it.FerryCluster;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Data through a real mount: copies, listings and checksums equal the under storage's. */
class FuseDataIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static MountedCluster fuse;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;

  @BeforeAll
  static void start() throws Exception {
    fuse = MountedCluster.builder("ferry-fuse-data-")
        .cluster(b -> b.workerProperty(PropertyKey.WORKER_MEM_CAPACITY, "2GB"))
        .beforeMount(c -> {
          writeDataset(c.rootUfs().resolve("dataset"));
          Path fioDir = Files.createDirectories(c.rootUfs().resolve("fio"));
          Shell.ok(fioDir, TIMEOUT, fioJob("write", "--do_verify=0"));
        })
        .start();
    cluster = fuse.cluster();
    mount = fuse.mount();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
  }

  /** Nested directories of files from empty to a few MiB. */
  private static void writeDataset(Path dir) throws Exception {
    Random random = new Random(7);
    int[] sizes = {0, 1, 4095, 4096, 131_072, 131_073, 1 << 20, 3_000_001};
    for (int d = 0; d < 3; d++) {
      for (int i = 0; i < sizes.length; i++) {
        byte[] bytes = new byte[sizes[i]];
        random.nextBytes(bytes);
        Path file = dir.resolve("part-" + d).resolve("sub").resolve("file-" + i + ".bin");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
      }
    }
    Files.createDirectories(dir.resolve("empty-dir"));
  }

  @Test
  void copyRecursiveEqualsTheUnderStorageCopy() throws Exception {
    Path copy = fuse.base().resolve("copy");
    Shell.ok(null, TIMEOUT, "cp", "-r", mount.dir().resolve("dataset").toString(), copy.toString());
    assertThat(Shell.ok(null, TIMEOUT, "diff", "-r", cluster.rootUfs().resolve("dataset").toString(),
        copy.toString())).isEmpty();
  }

  @Test
  void listingRecursivelyShowsTheUnderStorageNamesAndSizes() throws Exception {
    assertThat(namesAndSizes(Shell.ok(mount.dir().resolve("dataset"), TIMEOUT, "ls", "-lR")))
        .isEqualTo(namesAndSizes(Shell.ok(cluster.rootUfs().resolve("dataset"), TIMEOUT, "ls", "-lR")))
        .hasSizeGreaterThan(30);
  }

  /** `ls -lR` without what legitimately differs (owner, time, link count): type, size and name. */
  private static List<String> namesAndSizes(String lsOutput) {
    List<String> out = new ArrayList<>();
    for (String line : lsOutput.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 9 && (f[0].startsWith("-") || f[0].startsWith("d"))) {
        out.add(f[0].charAt(0) + " " + (f[0].startsWith("d") ? "" : f[4]) + " " + f[f.length - 1]);
      } else if (line.endsWith(":")) {
        out.add(line);
      }
    }
    return out;
  }

  @Test
  void md5sumsThroughTheMountEqualTheUnderStorage() throws Exception {
    String script = "find . -type f | sort | xargs md5sum";
    String ufs = Shell.sh(cluster.rootUfs().resolve("dataset"), TIMEOUT, script);
    assertThat(Shell.sh(mount.dir().resolve("dataset"), TIMEOUT, script)).isEqualTo(ufs).contains("file-7.bin");
  }

  /** fio writes data with checksums to the under storage before the mount starts. */
  private static String[] fioJob(String rw, String... more) {
    List<String> job = new ArrayList<>(List.of("fio", "--name=verify", "--filename=data", "--size=512M",
        "--bs=1M", "--rw=" + rw, "--ioengine=psync", "--verify=crc32c"));
    job.addAll(List.of(more));
    return job.toArray(String[]::new);
  }

  @Test
  void fioVerifiesA512MiBFileWrittenToTheUnderStorage() throws Exception {
    String out = Shell.ok(mount.dir().resolve("fio"), TIMEOUT, fioJob("read", "--verify_only", "--readonly"));
    assertThat(out).contains("err= 0").contains("io=512MiB").doesNotContain("verify failed");
  }

  @Test
  void filesWrittenThroughTheMountLandInTheUnderStorage() throws Exception {
    Path source = fuse.base().resolve("upload.bin");
    byte[] bytes = new byte[5_000_000];
    new Random(3).nextBytes(bytes);
    Files.write(source, bytes);
    Files.createDirectories(mount.dir().resolve("uploads"));
    Shell.ok(null, TIMEOUT, "cp", source.toString(), mount.dir().resolve("uploads").toString());
    assertThat(mount.dir().resolve("uploads/upload.bin")).hasSameBinaryContentAs(source);
    assertThat(cluster.rootUfs().resolve("uploads/upload.bin")).hasSameBinaryContentAs(source);
  }

  @Test
  void missingPathIsNoSuchFile() throws Exception {
    Shell.Result r = Shell.run(TIMEOUT, "stat", mount.dir().resolve("dataset/missing").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("No such file or directory");
  }

  @Test
  void manyConcurrentReadersOfOneAndOfManyFilesGetTheSameBytes() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      files.add(Path.of("dataset/part-" + d + "/sub/file-7.bin"));
      files.add(Path.of("dataset/part-" + d + "/sub/file-6.bin"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> same = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (Path f : files) {
          same.add(pool.submit(() -> sha256(mount.dir().resolve(f)).equals(sha256(cluster.rootUfs().resolve(f)))));
        }
      }
      for (Future<Boolean> f : same) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFileOpenThroughTheMountReadsTheSameBytesAfterItsCachedBlocksAreFreed() throws Exception {
    String file = "/freed-while-open.bin";
    byte[] expected = new byte[8 << 20];
    new Random(11).nextBytes(expected);
    try (FerryClient client = cluster.newClient()) {
      // written by the client, not the mount, so that the kernel caches none of its pages
      try (FerryOutputStream out = client.createFile(file, CreateOptions.DEFAULT)) {
        out.write(expected);
      }
      readAfterFree(client, file, expected);
    }
  }

  private static void readAfterFree(FerryClient client, String file, byte[] expected) throws Exception {
    try (FileChannel in = FileChannel.open(mount.dir().resolve(file.substring(1)), StandardOpenOption.READ)) {
      in.read(ByteBuffer.allocate(4096), 0); // caches the block; the mount reads it from the block's file
      long blocks = ClusterReports.await(client, r -> true).liveWorkers().get(0).blockCount();

      client.free(file);
      ClusterReports.await(client, r -> r.liveWorkers().get(0).blockCount() < blocks);

      ByteBuffer all = ByteBuffer.allocate(expected.length);
      while (all.hasRemaining() && in.read(all, all.position()) > 0) {
        // positioned reads to the end
      }
      assertThat(all.array()).isEqualTo(expected);
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
