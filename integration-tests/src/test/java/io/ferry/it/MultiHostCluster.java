package io.ferry.it;

import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Ferry cluster across simulated hosts, each daemon a JVM on its own host:
 * the master on host 1 and one worker on each of hosts 2..W+1; the hosts
 * after them run no daemon (readers). Daemons bind to their host's name on
 * the default ports and workers advertise the host name they find, as on
 * real machines. State and logs are on this machine's file system, which
 * the hosts share (like an NFS home); the root under storage is there too.
 */
final class MultiHostCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int MASTER_PORT = Integer.parseInt(PropertyKey.MASTER_RPC_PORT.defaultValue());
  private static final int WORKER_PORT = Integer.parseInt(PropertyKey.WORKER_RPC_PORT.defaultValue());

  private final SimulatedHosts hosts;
  private final Path baseDir;
  private final DaemonProcess master;
  private final List<DaemonProcess> workers = new ArrayList<>();
  private final List<Map<String, String>> workerProperties = new ArrayList<>();

  /**
   * @param masterProperties settings of the master besides its address, metastore and root under storage
   */
  MultiHostCluster(SimulatedHosts hosts, int workerCount, Path baseDir, Map<PropertyKey, String> masterProperties)
      throws IOException {
    this.hosts = hosts;
    this.baseDir = baseDir;
    Map<String, String> props = new LinkedHashMap<>(masterAddress());
    props.put(PropertyKey.MASTER_BIND_HOST.name(), hosts.name(1));
    props.put(PropertyKey.MASTER_METASTORE_DIR.name(), baseDir.resolve("master").toString());
    props.put(PropertyKey.MASTER_ROOT_UFS.name(), rootUfs().toString());
    masterProperties.forEach((k, v) -> props.put(k.name(), v));
    master = new DaemonProcess(hosts.host(1), "master", classpath(), "io.ferry.master.FerryMaster", props, logDir());
    for (int i = 0; i < workerCount; i++) {
      int host = workerHost(i);
      Map<String, String> w = new LinkedHashMap<>(masterAddress());
      w.put(PropertyKey.WORKER_BIND_HOST.name(), hosts.name(host));
      w.put(PropertyKey.WORKER_MEM_DIR.name(), baseDir.resolve("worker-" + i + "-mem").toString());
      w.put(PropertyKey.WORKER_HEARTBEAT_INTERVAL.name(), "200ms");
      workerProperties.add(w);
      workers.add(new DaemonProcess(hosts.host(host), "worker-" + i, classpath(), "io.ferry.worker.FerryWorker", w,
          logDir()));
    }
  }

  /** Sets a property of worker {@code i} (from 0), before {@link #start()}. */
  MultiHostCluster workerProperty(int i, PropertyKey key, String value) {
    workerProperties.get(i).put(key.name(), value);
    return this;
  }

  /** The host worker {@code i} (from 0) runs on. */
  static int workerHost(int i) {
    return i + 2;
  }

  /** Starts the master, then the workers, and waits until every worker is registered. */
  MultiHostCluster start() throws Exception {
    Files.createDirectories(rootUfs());
    master.start();
    master.awaitPort(MASTER_PORT, START_TIMEOUT);
    for (DaemonProcess w : workers) {
      w.start();
    }
    for (DaemonProcess w : workers) {
      w.awaitPort(WORKER_PORT, START_TIMEOUT);
    }
    awaitLiveWorkers(workers.size());
    return this;
  }

  /** The `ferry` CLI on host {@code host}, with these client settings besides the master's address. */
  FerryCli cli(int host, Map<PropertyKey, String> settings) {
    Map<String, String> props = new LinkedHashMap<>(masterAddress());
    settings.forEach((k, v) -> props.put(k.name(), v));
    return new FerryCli(hosts.host(host), props, baseDir.resolve("cli-scratch"));
  }

  /** Waits until the master reports {@code count} live workers (asked from the first host after the workers). */
  void awaitLiveWorkers(int count) throws Exception {
    FerryCli cli = cli(workerHost(workers.size()), Map.of());
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String report;
    while (!(report = cli.ok("report")).contains("live_workers: " + count + "\n")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("expected " + count + " live workers; report:\n" + report + "logs in "
            + logDir());
      }
      Thread.sleep(200);
    }
  }

  Path rootUfs() {
    return baseDir.resolve("underfs");
  }

  /** Logs outlive the test's temporary directory (target/it-logs). */
  Path logDir() {
    return Path.of("target", "it-logs", "multi-host-" + baseDir.getParent().getFileName()).toAbsolutePath();
  }

  private Map<String, String> masterAddress() {
    return Map.of(PropertyKey.MASTER_HOSTNAME.name(), hosts.name(1),
        PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(MASTER_PORT));
  }

  private static String classpath() {
    return System.getProperty("java.class.path");
  }

  @Override
  public void close() throws InterruptedException {
    for (DaemonProcess w : workers) {
      w.stop();
    }
    master.stop();
  }
}
