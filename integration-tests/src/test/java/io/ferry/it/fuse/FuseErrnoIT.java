package io.ferry.it.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.MountEntry;
import io.ferry.client.PathStatus;
import io.ferry.common.conf.PropertyKey;
import io.ferry.it.FerryCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each failure through the mount answers the errno a tool expects (issue 14,
 * point 5), and a persisted file larger than the cache reads whole (point 3).
 * One worker with an 8 MiB cache and 1 MiB blocks.
 */
class FuseErrnoIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int MIB = 1 << 20;

  private static MountedCluster fuse;
  private static Path base;
  private static FerryCluster cluster;
  private static FuseMountProcess mount;
  private static FerryClient client;

  @BeforeAll
  static void start() throws Exception {
    fuse = MountedCluster.builder("ferry-fuse-errno-")
        .cluster(b -> b.masterProperty(PropertyKey.USER_BLOCK_SIZE, MIB)
            .workerProperty(PropertyKey.WORKER_MEM_CAPACITY, 8 * MIB))
        .beforeMount(c -> Shell.ok(null, TIMEOUT, "dd", "if=/dev/urandom", "of=" + c.rootUfs().resolve("big.bin"),
            "bs=1M", "count=24"))
        .start();
    base = fuse.base();
    cluster = fuse.cluster();
    mount = fuse.mount();
    client = fuse.client();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fuse != null) {
      fuse.close();
    }
  }

  private static Path directory(String name, String... files) throws Exception {
    Path dir = Files.createDirectories(base.resolve(name));
    for (String f : files) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), f);
    }
    return dir;
  }

  private static Shell.Result sh(String script) throws Exception {
    return Shell.run(mount.dir(), TIMEOUT, "sh", "-c", script);
  }

  @Test
  void rmdirOfAMountPointIsEbusy() throws Exception {
    client.mount("/m1", directory("m1-ufs").toString(), Map.of(), false);

    Shell.Result r = sh("rmdir m1");

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("Device or resource busy");
    assertThat(client.getMountTable()).extracting(MountEntry::ferryPath).contains("/m1");
  }

  /** As with a kernel mount: rm empties the nested mount but cannot remove its mount point, and says so. */
  @Test
  void rmRecursiveThroughANestedMountPointFailsWithEbusyAndKeepsTheMountPoint() throws Exception {
    directory("d1-ufs", "x/a.txt", "x/y/c.txt");
    client.mount("/d1", base.resolve("d1-ufs").toString(), Map.of(), false);
    client.mount("/d1/x/zsub", directory("d3-ufs", "b.txt").toString(), Map.of(), false);

    Shell.Result r = sh("rm -rf d1/x");

    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("d1/x/zsub").contains("Device or resource busy");
    assertThat(client.getMountTable()).extracting(MountEntry::ferryPath).contains("/d1/x/zsub");
    assertThat(base.resolve("d3-ufs")).isDirectory();
  }

  @Test
  void aNameLongerThan255BytesIsEnametoolong() throws Exception {
    Shell.Result r = sh("touch " + "n".repeat(256));

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).contains("File name too long");
  }

  /** Far more than fits: the worker's failure reaches a write(2). */
  @Test
  void aWriteThatOverrunsAFullUnderStorageIsEnospc() throws Exception {
    onSmallUnderStorage("full", "2m", ufs -> {
      Shell.Result r = sh("dd if=/dev/zero of=full/big bs=1M count=64");

      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("No space left on device");
    });
  }

  /**
   * The client sends its last MiB only when the file is closed, and the
   * worker fails it (2.75 MiB into a 2.5 MiB under storage) after every
   * write(2) returned: close(2) waits for the worker and fails, and no file
   * is left, neither in Ferry nor in the under storage.
   */
  @Test
  void aWriteThatFillsTheUnderStorageInItsLastMibFailsCloseAndLeavesNoFile() throws Exception {
    onSmallUnderStorage("last-mib", "2560k", ufs -> {
      Shell.Result r = sh("dd if=/dev/zero of=last-mib/f bs=256K count=11");

      assertThat(r.exitCode()).as(r.output()).isNotZero();
      assertThat(r.output()).contains("closing output file").contains("No space left on device");
      assertThat(client.listStatus("/last-mib")).isEmpty();
      assertThat(ufs).isEmptyDirectory();
    });
  }

  @FunctionalInterface
  private interface UfsTest {
    void run(Path ufs) throws Exception;
  }

  /** Runs {@code test} with a tmpfs of {@code size} mounted at Ferry path /{@code name}. */
  private static void onSmallUnderStorage(String name, String size, UfsTest test) throws Exception {
    Path ufs = directory(name + "-ufs");
    Shell.ok(null, TIMEOUT, "mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", ufs.toString());
    try {
      client.mount("/" + name, ufs.toString(), Map.of(), false);
      test.run(ufs);
    } finally {
      client.unmount("/" + name);
      Shell.run(TIMEOUT, "umount", "-l", ufs.toString());
    }
  }

  @Test
  void aMustCacheWriteLargerThanTheCacheIsEnospc() throws Exception {
    try (FuseMountProcess mustCache = mustCacheMount("mnt-must-cache")) {
      Shell.Result r = Shell.run(mustCache.dir(), TIMEOUT, "sh", "-c",
          "dd if=/dev/zero of=too-big bs=1M count=64");

      assertThat(r.exitCode()).isNotZero();
      assertThat(r.output()).contains("No space left on device");
    }
  }

  /** 8.25 MiB into the 8 MiB cache: the last chunk, sent at close(2), does not fit, and close says so. */
  @Test
  void aMustCacheWriteJustOverTheCacheFailsByCloseAndLeavesNoFile() throws Exception {
    try (FuseMountProcess mustCache = mustCacheMount("mnt-must-cache-just-over")) {
      Shell.Result r = Shell.run(mustCache.dir(), TIMEOUT, "sh", "-c",
          "dd if=/dev/zero of=just-over bs=256K count=33");

      assertThat(r.exitCode()).as(r.output()).isNotZero();
      assertThat(r.output()).contains("No space left on device");
      assertThat(client.listStatus("/")).extracting(PathStatus::name).doesNotContain("just-over");
    }
  }

  private static FuseMountProcess mustCacheMount(String dir) throws Exception {
    return new FuseMountProcess(cluster, base.resolve(dir)).property(PropertyKey.USER_WRITE_TYPE.name(), "MUST_CACHE")
        .start();
  }

  @Test
  void aPersistedFileThreeTimesTheCacheReadsWhole() throws Exception {
    Path big = cluster.rootUfs().resolve("big.bin");

    String onMount = Shell.ok(mount.dir(), TIMEOUT, "sha256sum", "big.bin").split(" ")[0];

    assertThat(onMount).isEqualTo(Shell.ok(null, TIMEOUT, "sha256sum", big.toString()).split(" ")[0]);
  }
}
