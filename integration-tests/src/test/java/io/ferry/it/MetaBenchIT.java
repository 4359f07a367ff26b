package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry bench meta} against a real master process. */
class MetaBenchIT {
  private static final Pattern OPERATION = Pattern.compile(
      "\"%s\":\\{\"ops_per_s\":[0-9.]+,\"p50_ms\":[0-9.]+,\"p99_ms\":[0-9.]+,\"ops\":%d}");

  @TempDir Path dir;
  private FerryCluster cluster;
  private FerryCli cli;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = FerryCluster.builder(dir.resolve("cluster")).workers(0).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void jsonHasOneObjectPerOperationWithRateAndLatencies() throws Exception {
    String json = cli.ok("bench", "meta", "--files", "300", "--reads", "600", "--threads", "4", "--json").strip();

    assertThat(json).startsWith("{\"noop\":").endsWith("}");
    assertThat(json).containsPattern(operation("noop", 600)).containsPattern(operation("create", 300)).containsPattern(operation("getStatus", 600))
        .containsPattern(operation("open", 600)).containsPattern(operation("listStatus", 6))
        .containsPattern(operation("rename", 300)).containsPattern(operation("delete", 300));
    assertThat(cli.ok("fs", "ls", "/bench-meta/d0")).isEmpty();
  }

  @Test
  void readsOfALoadedNamespaceNeedNoCreateAndAreComparedWithTheNoopFloor() throws Exception {
    assertThat(cli.ok("bench", "meta-load", "--path", "/ns", "--files", "2500", "--dir-size", "1000"))
        .contains("Created 2500 files in 3 directories under /ns");

    String json = cli.ok("bench", "meta", "--ops", "getStatus", "--path", "/ns", "--files", "2500",
        "--dir-size", "1000", "--reads", "500", "--json").strip();

    assertThat(json).startsWith("{\"noop\":").containsPattern(operation("noop", 500))
        .containsPattern(operation("getStatus", 500)).containsPattern("\"noop_ops_per_s\":[0-9.]+")
        .containsPattern("\"getStatus_noop_ratio\":[0-9.]+").doesNotContain("\"create\"");
  }

  @Test
  void anUnknownOperationIsAOneLineError() throws Exception {
    FerryCli.Result r = cli.run("bench", "meta", "--ops", "create,stat");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip()).isEqualTo(
        "ferry: Unknown operation 'stat' in --ops; one of create, getStatus, open, listStatus, rename, delete");
  }

  private static Pattern operation(String name, int ops) {
    return Pattern.compile(String.format(OPERATION.pattern(), name, ops));
  }
}
