package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import io.ferry.client.PathStatus;
import io.ferry.common.FerryPath;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader runs mutations on unrelated paths at once, so their Raft log
 * entries are in flight together; every master applies them in log order.
 * After a storm of racing mutations in one small tree, the leader is
 * killed: the new leader, which only ever applied the log, must hold
 * exactly the namespace the old one built concurrently.
 */
class HaConcurrentMutationsIT {
  private static final int THREADS = 8;
  private static final int OPS_PER_THREAD = 120;
  /** What racing operations legitimately see; anything else fails the test. */
  private static final Set<ErrorCode> EXPECTED = Set.of(ErrorCode.NOT_FOUND, ErrorCode.ALREADY_EXISTS,
      ErrorCode.NOT_A_DIRECTORY, ErrorCode.IS_A_DIRECTORY, ErrorCode.INVALID_ARGUMENT);

  @TempDir Path dir;
  private HaCluster cluster;

  @AfterEach
  void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNewLeaderHoldsTheNamespaceTheOldOneBuiltFromRacingMutations() throws Exception {
    cluster = new HaCluster(dir.resolve("cluster"), 0, Map.of()).start();
    try (FerryClient client = cluster.newClient()) {
      client.createDirectory("/t", false);
      race(client);
      Map<String, Long> built = idsByPath(client, "/t");
      long inodes = client.getClusterReport().inodeCount();
      System.out.println("HaConcurrentMutationsIT: " + THREADS * OPS_PER_THREAD + " racing mutations left "
          + built.size() + " entries in /t");
      int oldLeader = cluster.leader();

      cluster.killMaster(oldLeader);

      assertThat(cluster.leader()).isNotEqualTo(oldLeader);
      assertThat(idsByPath(client, "/t")).isEqualTo(built);
      assertThat(client.getClusterReport().inodeCount()).isEqualTo(inodes);
      assertThat(built.size() + 1L).as("/t's tree and the root: nothing orphaned").isEqualTo(inodes);
    }
  }

  private void race(FerryClient client) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(t);
        runs.add(threads.submit(() -> {
          for (int i = 0; i < OPS_PER_THREAD; i++) {
            mutate(client, random);
          }
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  /** One random create, mkdir, rename or delete among 39 paths of /t, so that operations collide. */
  private static void mutate(FerryClient client, Random random) throws FerryException {
    int depth = 1 + random.nextInt(3);
    String path = pathIn(random, depth);
    try {
      int op = random.nextInt(8);
      if (op < 3) {
        client.createEmptyFiles(FerryPath.parent(path), List.of(FerryPath.name(path)));
      } else if (op < 5) {
        client.createDirectory(path, true);
      } else if (op < 7) {
        client.rename(path, pathIn(random, depth)); // to the same depth: subtrees stay within reach
      } else {
        client.delete(pathIn(random, 3), true); // deep paths only, so that a tree is left to compare
      }
    } catch (FerryException e) {
      if (!EXPECTED.contains(e.code())) {
        throw e;
      }
    }
  }

  private static String pathIn(Random random, int depth) {
    String path = "/t";
    for (; depth > 0; depth--) {
      path = FerryPath.join(path, String.valueOf((char) ('a' + random.nextInt(3))));
    }
    return path;
  }

  /** Every path below {@code dir} (itself included) with its inode id. */
  private static Map<String, Long> idsByPath(FerryClient client, String dir) throws FerryException {
    Map<String, Long> out = new TreeMap<>();
    out.put(dir, client.getStatus(dir).id());
    for (PathStatus child : client.listStatus(dir)) {
      String path = FerryPath.join(dir, child.name());
      if (child.isDirectory()) {
        out.putAll(idsByPath(client, path));
      } else {
        out.put(path, child.id());
      }
    }
    return out;
  }
}
