package io.ferry.master.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.master.TestMaster;
import io.ferry.proto.CreateDirectoryRequest;
import io.ferry.proto.CreateFileRequest;
import io.ferry.proto.DeleteRequest;
import io.ferry.proto.FileInfo;
import io.ferry.proto.GetStatusRequest;
import io.ferry.proto.ListStatusRequest;
import io.ferry.proto.RenameRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads create, mkdir, rename and delete in one small, overlapping
 * tree at once; afterwards the namespace must be a tree again: every inode
 * reachable once from the root, listings and getStatus agreeing, the inode
 * count matching, and Ferry's directories matching the UFS's.
 */
class ConcurrentNamespaceTest {
  private static final int THREADS = 8;
  private static final int OPS_PER_THREAD = 400;
  private static final String[] NAMES = {"a", "b", "c"};
  /** Failures that racing operations legitimately see; anything else is a bug. */
  private static final Set<ErrorCode> EXPECTED = Set.of(ErrorCode.NOT_FOUND, ErrorCode.ALREADY_EXISTS,
      ErrorCode.NOT_A_DIRECTORY, ErrorCode.IS_A_DIRECTORY, ErrorCode.INVALID_ARGUMENT);

  @TempDir Path tmp;
  private TestMaster master;
  private FileSystemMaster fs;

  @BeforeEach
  void start() throws IOException {
    // a long sync interval: operations run under their path locks, not in the exclusive pass
    master = TestMaster.start(tmp, "1h");
    fs = master.fs();
  }

  @AfterEach
  void stop() {
    master.close();
  }

  @Test
  void racingMutationsInOverlappingTreesLeaveAConsistentTree() throws Exception {
    fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath("/t").build());
    runRacingOperations();

    Set<Long> reachable = new HashSet<>();
    walk(FerryPath.ROOT, reachable);

    assertThat(reachable).hasSize((int) fs.inodeCount()); // nothing orphaned, nothing counted twice
    assertThat(ufsDirectories()).containsExactlyInAnyOrderElementsOf(ferryDirectories());
  }

  private void runRacingOperations() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(t);
        runs.add(threads.submit(() -> {
          for (int i = 0; i < OPS_PER_THREAD; i++) {
            randomOperation(random);
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(5, TimeUnit.MINUTES); // an unexpected failure fails the test here
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private void randomOperation(Random random) throws FerryException {
    String path = randomPath(random);
    try {
      int op = random.nextInt(10);
      if (op < 3) {
        fs.createFile(CreateFileRequest.newBuilder().setPath(path).setRecursive(true).build());
      } else if (op < 5) {
        fs.createDirectory(CreateDirectoryRequest.newBuilder().setPath(path).setRecursive(true).build());
      } else if (op < 8) {
        fs.rename(RenameRequest.newBuilder().setSrc(path).setDst(randomPath(random)).build());
      } else if (op < 9) {
        fs.delete(DeleteRequest.newBuilder().setPath(path).setRecursive(true).build());
      } else {
        fs.getStatus(GetStatusRequest.newBuilder().setPath(path).build());
      }
    } catch (FerryException e) {
      if (!EXPECTED.contains(e.code())) {
        throw e;
      }
    }
  }

  /** /t/x, /t/x/y or /t/x/y/z with names from a, b, c: 39 paths, so operations collide often. */
  private static String randomPath(Random random) {
    String path = "/t";
    for (int depth = 1 + random.nextInt(3); depth > 0; depth--) {
      path = FerryPath.join(path, NAMES[random.nextInt(NAMES.length)]);
    }
    return path;
  }

  /** Walks the tree from {@code path}, checking each listed entry against getStatus. */
  private void walk(String path, Set<Long> reachable) throws FerryException {
    FileInfo self = fs.getStatus(GetStatusRequest.newBuilder().setPath(path).build());
    assertThat(reachable.add(self.getId())).as("%s (id %d) is reachable once", path, self.getId()).isTrue();
    if (!self.getIsDirectory()) {
      return;
    }
    List<FileInfo> children = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath(path).build(), children::addAll);
    assertThat(children).extracting(FileInfo::getName).doesNotHaveDuplicates();
    for (FileInfo child : children) {
      String childPath = FerryPath.join(path, child.getName());
      FileInfo status = fs.getStatus(GetStatusRequest.newBuilder().setPath(childPath).build());
      assertThat(status.getId()).as("the listed id of %s", childPath).isEqualTo(child.getId());
      walk(childPath, reachable);
    }
  }

  private List<String> ferryDirectories() throws FerryException {
    List<String> dirs = new ArrayList<>();
    collectDirectories("/t", dirs);
    return dirs;
  }

  private void collectDirectories(String path, List<String> dirs) throws FerryException {
    dirs.add(path);
    List<FileInfo> children = new ArrayList<>();
    fs.listStatus(ListStatusRequest.newBuilder().setPath(path).build(), children::addAll);
    for (FileInfo child : children) {
      if (child.getIsDirectory()) {
        collectDirectories(FerryPath.join(path, child.getName()), dirs);
      }
    }
  }

  private List<String> ufsDirectories() throws IOException {
    try (Stream<Path> all = Files.walk(master.ufsRoot.resolve("t"))) {
      return all.filter(Files::isDirectory).map(p -> "/" + master.ufsRoot.relativize(p)).toList();
    }
  }
}
