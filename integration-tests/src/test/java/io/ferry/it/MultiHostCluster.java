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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Ferry cluster across simulated hosts, each daemon a JVM on its own host:
 * the master on host 1 (or M masters, an HA quorum, on hosts 1..M) and one
 * worker on each of the W hosts after them; the hosts after those run no
 * daemon (readers). Daemons bind to their host's name on
 * the default ports and workers advertise the host name they find, as on
 * real machines. State and logs are on this machine's file system, which
 * the hosts share (like an NFS home); the root under storage is there too.
 */
final class MultiHostCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int MASTER_PORT = Integer.parseInt(PropertyKey.MASTER_RPC_PORT.defaultValue());
  private static final int WORKER_PORT = Integer.parseInt(PropertyKey.WORKER_RPC_PORT.defaultValue());
  /** Each master on its own host, so every quorum uses the same Raft port. */
  private static final int RAFT_PORT = 19300;

  private final SimulatedHosts hosts;
  private final Path baseDir;
  private final int masterCount;
  private final List<DaemonProcess> masters = new ArrayList<>();
  private final List<DaemonProcess> workers = new ArrayList<>();
  private final List<Map<String, String>> workerProperties = new ArrayList<>();

  /**
   * @param masterProperties settings of the master besides its address, metastore and root under storage
   */
  MultiHostCluster(SimulatedHosts hosts, int workerCount, Path baseDir, Map<PropertyKey, String> masterProperties)
      throws IOException {
    this(hosts, 1, workerCount, baseDir, masterProperties);
  }

  /**
   * {@code masterCount} masters on hosts 1..M: one master, or an HA quorum
   * replicating its journal with Ratis; the workers on the hosts after them.
   */
  MultiHostCluster(SimulatedHosts hosts, int masterCount, int workerCount, Path baseDir,
      Map<PropertyKey, String> masterProperties) throws IOException {
    this.hosts = hosts;
    this.baseDir = baseDir;
    this.masterCount = masterCount;
    List<String> raftAddresses = new ArrayList<>();
    for (int m = 1; m <= masterCount; m++) {
      raftAddresses.add(hosts.name(m) + ":" + RAFT_PORT);
    }
    for (int m = 1; m <= masterCount; m++) {
      Map<String, String> props = new LinkedHashMap<>(masterAddresses());
      props.put(PropertyKey.MASTER_HOSTNAME.name(), hosts.name(m));
      props.put(PropertyKey.MASTER_BIND_HOST.name(), hosts.name(m));
      String name = masterCount == 1 ? "master" : "master-" + m;
      props.put(PropertyKey.MASTER_METASTORE_DIR.name(), baseDir.resolve(name).toString());
      if (masterCount > 1) {
        props.put(PropertyKey.MASTER_RAFT_ADDRESSES.name(), String.join(",", raftAddresses));
        props.put(PropertyKey.MASTER_RAFT_DIR.name(), baseDir.resolve("raft-" + m).toString());
      }
      props.put(PropertyKey.MASTER_ROOT_UFS.name(), rootUfs().toString());
      masterProperties.forEach((k, v) -> props.put(k.name(), v));
      masters.add(new DaemonProcess(hosts.host(m), name, classpath(), "io.ferry.master.FerryMaster", props,
          logDir()));
    }
    for (int i = 0; i < workerCount; i++) {
      int host = masterCount + 1 + i;
      Map<String, String> w = new LinkedHashMap<>(masterAddresses());
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

  /** The host worker {@code i} (from 0) runs on, with one master. */
  static int workerHost(int i) {
    return i + 2;
  }

  /** The first host that runs no daemon. */
  int firstReaderHost() {
    return masterCount + workers.size() + 1;
  }

  /** Starts the masters, then the workers, and waits until every worker is registered. */
  MultiHostCluster start() throws Exception {
    Files.createDirectories(rootUfs());
    for (DaemonProcess m : masters) {
      m.start();
    }
    for (int m = 1; m <= masterCount; m++) {
      masters.get(m - 1).awaitPort(MASTER_PORT, START_TIMEOUT);
    }
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
    return new FerryCli(hosts.host(host), clientProperties(settings), baseDir.resolve("cli-scratch"));
  }

  /** A client's -D settings: these, and where the masters are. */
  Map<String, String> clientProperties(Map<PropertyKey, String> settings) {
    Map<String, String> props = new LinkedHashMap<>(masterAddresses());
    settings.forEach((k, v) -> props.put(k.name(), v));
    return props;
  }

  /** The host of the master that leads now, as {@code cli}'s report names it. */
  int leaderHost(FerryCli cli) throws Exception {
    Matcher m = Pattern.compile("(?m)^leader: (\\S+):" + MASTER_PORT + " ").matcher(cli.ok("report"));
    if (!m.find()) {
      throw new IllegalStateException("the report names no leader");
    }
    for (int h = 1; h <= masterCount; h++) {
      if (hosts.name(h).equals(m.group(1))) {
        return h;
      }
    }
    throw new IllegalStateException("the leader " + m.group(1) + " is not one of the masters' hosts");
  }

  /** Waits until the leader reports the master on {@code host} as a follower with the leader's log index. */
  void awaitCaughtUp(int host, FerryCli cli) throws Exception {
    Pattern leader = Pattern.compile("(?m)^leader: \\S+ log_index=(\\d+)$");
    Pattern follower = Pattern.compile("(?m)^follower: " + Pattern.quote(hosts.name(host) + ":" + MASTER_PORT)
        + " log_index=(\\d+)$");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String report;
    while (!caughtUp(report = cli.ok("report"), leader, follower)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the master on " + hosts.name(host) + " did not catch up; report:\n"
            + report + "logs in " + logDir());
      }
      Thread.sleep(200);
    }
  }

  private static boolean caughtUp(String report, Pattern leader, Pattern follower) {
    Matcher l = leader.matcher(report);
    Matcher f = follower.matcher(report);
    return l.find() && f.find() && Long.parseLong(f.group(1)) >= Long.parseLong(l.group(1));
  }

  /** Waits until the master reports {@code count} live workers (asked from the first host after the workers). */
  void awaitLiveWorkers(int count) throws Exception {
    FerryCli cli = cli(firstReaderHost(), Map.of());
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

  /** Where clients and workers (and, with several masters, the masters themselves) find the masters. */
  private Map<String, String> masterAddresses() {
    if (masterCount == 1) {
      return Map.of(PropertyKey.MASTER_HOSTNAME.name(), hosts.name(1),
          PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(MASTER_PORT));
    }
    List<String> addresses = new ArrayList<>();
    for (int m = 1; m <= masterCount; m++) {
      addresses.add(hosts.name(m) + ":" + MASTER_PORT);
    }
    return Map.of(PropertyKey.MASTER_ADDRESSES.name(), String.join(",", addresses),
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
    for (DaemonProcess m : masters) {
      m.stop();
    }
  }
}
