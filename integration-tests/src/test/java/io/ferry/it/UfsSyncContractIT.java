package io.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.client.FerryClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata sync with an object store, written once and run against each
 * (Ratis style): a subclass says how to reach its store. Every test mounts a
 * fresh prefix of its own, through a {@link TcpProxy} so a test can take the
 * store away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UfsSyncContractIT {
  private FerryCluster cluster;
  private FerryCli cli;
  private TcpProxy proxy;

  /** The store's endpoint option value (an http:// URL). */
  protected abstract String endpoint();

  /** Mount options reaching the store at {@code endpoint} (the proxy's). */
  protected abstract Map<String, String> mountOptions(String endpoint);

  /** A UFS URI of a fresh, empty prefix on the store. */
  protected abstract String freshUfsUri(String name) throws Exception;

  @BeforeAll
  void startCluster(@TempDir Path dir) throws Exception {
    proxy = TcpProxy.forEndpoint(endpoint());
    cluster = FerryCluster.builder(dir.resolve("cluster")).start();
    cli = new FerryCli(cluster.masterPort(), dir.resolve("cli"));
  }

  @AfterAll
  void stopCluster() throws Exception {
    cluster.close();
    proxy.close();
  }

  /** A store prefix holding {@code file.bin} with {@code v1}, mounted at the returned Ferry path. */
  private record Mounted(String ferryPath, String ufsUri, Ufs ufs) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      ufs.close();
    }
  }

  private Mounted mountFresh(String syncInterval) throws Exception {
    String name = "sync-" + UUID.randomUUID().toString().substring(0, 8);
    String uri = freshUfsUri(name);
    Map<String, String> options = mountOptions(proxy.endpointFor(endpoint()));
    Ufs ufs = new Ufs(uri, mountOptions(endpoint()));
    ufs.mkdirs(uri);
    List<String> args = new ArrayList<>(List.of("fs", "mount", "--option", "sync.interval=" + syncInterval));
    options.forEach((k, v) -> args.addAll(List.of("--option", k + "=" + v)));
    args.addAll(List.of("/" + name, uri));
    cli.ok(args.toArray(String[]::new));
    return new Mounted("/" + name, uri, ufs);
  }

  private static byte[] readAll(FerryClient client, String path) throws Exception {
    try (InputStream in = client.openFile(path)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aFileChangedInTheStoreIsReadWithItsNewBytesOnceSynced() throws Exception {
    byte[] v1 = TestFiles.randomBytes(1 << 20, 1);
    byte[] v2 = TestFiles.randomBytes(1 << 20, 2);
    try (Mounted m = mountFresh("1h"); FerryClient client = cluster.newClient()) {
      m.ufs().write(m.ufsUri() + "/file.bin", v1);
      assertThat(readAll(client, m.ferryPath() + "/file.bin")).isEqualTo(v1);

      m.ufs().write(m.ufsUri() + "/file.bin", v2);
      cli.ok("fs", "stat", "--sync", m.ferryPath() + "/file.bin");

      assertThat(readAll(client, m.ferryPath() + "/file.bin")).isEqualTo(v2);
    }
  }

  @Test
  void anAppendReplacesTheObjectWithTheLongerVersionReadBackExactlyOnceFreed() throws Exception {
    byte[] v1 = TestFiles.randomBytes(1 << 20, 3);
    byte[] tail = TestFiles.randomBytes(1000, 4);
    byte[] appended = new byte[v1.length + tail.length];
    System.arraycopy(v1, 0, appended, 0, v1.length);
    System.arraycopy(tail, 0, appended, v1.length, tail.length);
    try (Mounted m = mountFresh("1h"); FerryClient client = cluster.newClient()) {
      m.ufs().write(m.ufsUri() + "/file.bin", v1);
      try (OutputStream out = client.appendFile(m.ferryPath() + "/file.bin")) {
        out.write(tail);
      }

      assertThat(m.ufs().read(m.ufsUri() + "/file.bin")).isEqualTo(appended);
      assertThat(m.ufs().exists(m.ufsUri() + "/.file.bin.ferry-append")).isFalse();
      client.free(m.ferryPath());
      assertThat(readAll(client, m.ferryPath() + "/file.bin")).isEqualTo(appended);
    }
  }

  @Test
  void withSyncIntervalZeroAChangeIsSeenWithoutAskingForSync() throws Exception {
    byte[] v1 = TestFiles.randomBytes(1 << 20, 3);
    byte[] v2 = TestFiles.randomBytes(1 << 20, 4);
    try (Mounted m = mountFresh("0"); FerryClient client = cluster.newClient()) {
      m.ufs().write(m.ufsUri() + "/file.bin", v1);
      assertThat(readAll(client, m.ferryPath() + "/file.bin")).isEqualTo(v1);

      m.ufs().write(m.ufsUri() + "/file.bin", v2);

      assertThat(readAll(client, m.ferryPath() + "/file.bin")).isEqualTo(v2);
    }
  }

  @Test
  void aFileDeletedInTheStoreDisappearsOnceSynced() throws Exception {
    try (Mounted m = mountFresh("1h")) {
      m.ufs().write(m.ufsUri() + "/gone.txt", new byte[] {1});
      assertThat(cli.ok("fs", "ls", m.ferryPath())).contains("gone.txt");

      m.ufs().delete(m.ufsUri() + "/gone.txt");

      assertThat(cli.ok("fs", "ls", "--sync", m.ferryPath())).doesNotContain("gone.txt");
      assertThat(cli.run("fs", "stat", m.ferryPath() + "/gone.txt").exitCode()).isEqualTo(1);
    }
  }

  @Test
  void aFileAddedInTheStoreAppearsOnceSynced() throws Exception {
    try (Mounted m = mountFresh("1h")) {
      m.ufs().write(m.ufsUri() + "/old.txt", new byte[] {1});
      assertThat(cli.ok("fs", "ls", m.ferryPath())).contains("old.txt");

      m.ufs().write(m.ufsUri() + "/new.txt", new byte[] {2});

      assertThat(cli.ok("fs", "ls", "--sync", m.ferryPath())).contains("old.txt").contains("new.txt");
    }
  }

  @Test
  void aFailedSyncIsReportedAndRetriedWhenTheStoreIsBack() throws Exception {
    try (Mounted m = mountFresh("1h")) {
      m.ufs().write(m.ufsUri() + "/a.txt", new byte[] {1});
      assertThat(cli.ok("fs", "ls", m.ferryPath())).contains("a.txt");
      m.ufs().write(m.ufsUri() + "/b.txt", new byte[] {2});

      proxy.stop();
      FerryCli.Result failed;
      try {
        failed = cli.run("fs", "ls", "--sync", m.ferryPath());
      } finally {
        proxy.start();
      }

      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.stderr()).startsWith("ferry: ").contains(m.ufsUri());
      assertThat(cli.ok("fs", "ls", "--sync", m.ferryPath())).contains("a.txt").contains("b.txt");
    }
  }
}
