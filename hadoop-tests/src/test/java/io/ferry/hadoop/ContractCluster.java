package io.ferry.hadoop;

import io.ferry.common.conf.PropertyKey;
import io.ferry.client.FerryClient;
import io.ferry.it.FerryCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Ferry cluster (a master and a worker, each a process of its own,
 * over a local directory) that every contract suite of this JVM runs
 * against; started on first use, stopped when the JVM exits.
 */
final class ContractCluster {
  static final int LISTING_PAGE_SIZE = 10;
  private static FerryCluster cluster;

  private ContractCluster() {}

  /** {@code ferry://localhost:<master port>/}. */
  static URI uri() {
    return URI.create("ferry://localhost:" + masterPort() + "/");
  }

  static synchronized int masterPort() {
    if (cluster == null) {
      cluster = start();
      Runtime.getRuntime().addShutdownHook(new Thread(ContractCluster::stop, "stop-contract-cluster"));
    }
    return cluster.masterPort();
  }

  /** The under storage directory of the cluster's root mount. */
  static synchronized Path rootUfs() {
    masterPort();
    return cluster.rootUfs();
  }

  /** A Ferry client of the cluster (operations ferry:// has not: free). */
  static synchronized FerryClient newClient() throws IOException {
    masterPort();
    return cluster.newClient();
  }

  private static FerryCluster start() {
    try {
      Path baseDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "contract-cluster");
      // small listing pages, so that listings in the suites span several pages
      return FerryCluster.builder(baseDir).fromBuiltModules()
          .masterProperty(PropertyKey.MASTER_LISTING_PAGE_SIZE, LISTING_PAGE_SIZE).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the Ferry cluster for the contract suites", e);
    }
  }

  private static void stop() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
