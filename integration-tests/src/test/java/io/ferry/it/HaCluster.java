package io.ferry.it;

import io.ferry.client.ClusterStatus;
import io.ferry.client.FerryClient;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HA cluster of real processes on loopback: three masters replicating
 * their journal with Ratis, and N workers, each in its own JVM. Tests kill,
 * stop (SIGSTOP) and restart masters.
 */
final class HaCluster implements AutoCloseable {
  /** Daemons run from the test's own class path, which holds every module. */
  private static final String TEST_CLASSPATH = System.getProperty("java.class.path");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int MASTERS = 3;

  private final Path baseDir;
  private final List<Integer> rpcPorts = new ArrayList<>();
  private final List<Integer> webPorts = new ArrayList<>();
  private final List<Integer> raftPorts = new ArrayList<>();
  private final List<DaemonProcess> masters = new ArrayList<>();
  private final List<DaemonProcess> workers = new ArrayList<>();
  private final String addresses;
  /** Settings of every process, the clients' included (TLS). */
  private final Map<String, String> everyProcess;

  HaCluster(Path baseDir, int workerCount, Map<String, String> masterProperties) throws IOException {
    this(baseDir, workerCount, masterProperties, Map.of());
  }

  HaCluster(Path baseDir, int workerCount, Map<String, String> masterProperties, Map<String, String> everyProcess)
      throws IOException {
    this.baseDir = baseDir;
    this.everyProcess = Map.copyOf(everyProcess);
    for (int i = 0; i < MASTERS; i++) {
      rpcPorts.add(FerryCluster.freePort());
      raftPorts.add(FerryCluster.freePort());
    }
    this.addresses = rpcPorts.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    String raftAddresses = raftPorts.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    for (int i = 0; i < MASTERS; i++) {
      webPorts.add(FerryCluster.freePort());
    }
    String webAddresses = webPorts.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
    for (int i = 0; i < MASTERS; i++) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put(PropertyKey.MASTER_HOSTNAME.name(), "localhost");
      props.put(PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(rpcPorts.get(i)));
      props.put(PropertyKey.MASTER_WEB_PORT.name(), String.valueOf(webPorts.get(i)));
      props.put(PropertyKey.MASTER_WEB_ADDRESSES.name(), webAddresses);
      props.put(PropertyKey.MASTER_ADDRESSES.name(), addresses);
      props.put(PropertyKey.MASTER_RAFT_ADDRESSES.name(), raftAddresses);
      props.put(PropertyKey.MASTER_RAFT_DIR.name(), baseDir.resolve("raft-" + i).toString());
      props.put(PropertyKey.MASTER_METASTORE_DIR.name(), baseDir.resolve("master-" + i).toString());
      props.put(PropertyKey.MASTER_ROOT_UFS.name(), baseDir.resolve("underfs").toString());
      props.put(PropertyKey.MASTER_WORKER_TIMEOUT.name(), "5s");
      props.putAll(masterProperties);
      props.putAll(everyProcess);
      masters.add(new DaemonProcess("master-" + i, TEST_CLASSPATH, "io.ferry.master.FerryMaster", props, logDir()));
    }
    for (int i = 0; i < workerCount; i++) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put(PropertyKey.MASTER_ADDRESSES.name(), addresses);
      props.put(PropertyKey.WORKER_HOSTNAME.name(), "localhost");
      props.put(PropertyKey.WORKER_RPC_PORT.name(), String.valueOf(FerryCluster.freePort()));
      props.put(PropertyKey.WORKER_WEB_PORT.name(), String.valueOf(FerryCluster.freePort()));
      props.put(PropertyKey.WORKER_S3_PORT.name(), "0");
      props.put(PropertyKey.WORKER_HEARTBEAT_INTERVAL.name(), "200ms");
      props.put(PropertyKey.WORKER_MEM_DIR.name(), baseDir.resolve("worker-" + i + "-mem").toString());
      props.putAll(everyProcess);
      workers.add(new DaemonProcess("worker-" + i, TEST_CLASSPATH, "io.ferry.worker.FerryWorker", props, logDir()));
    }
  }

  /** The root mount's under storage, shared by the masters. */
  Path rootUfs() {
    return baseDir.resolve("underfs");
  }

  /** Master {@code i}'s Raft port (Ratis's gRPC services: the other masters call it). */
  int raftPort(int i) {
    return raftPorts.get(i);
  }

  /** The daemons that are no longer running. */
  List<String> deadProcesses() {
    List<String> dead = new ArrayList<>();
    for (DaemonProcess d : masters) {
      if (!d.isAlive()) {
        dead.add(d.name());
      }
    }
    for (DaemonProcess d : workers) {
      if (!d.isAlive()) {
        dead.add(d.name());
      }
    }
    return dead;
  }

  /** Master {@code i}'s web port (/metrics, the web UI and its API). */
  int webPort(int i) {
    return webPorts.get(i);
  }

  Path logDir() {
    return Path.of("target", "it-logs", baseDir.getParent().getFileName() + "-" + baseDir.getFileName())
        .toAbsolutePath();
  }

  /** Starts the masters, waits for a leader, then starts the workers and waits until all are registered. */
  HaCluster start() throws Exception {
    Files.createDirectories(baseDir.resolve("underfs"));
    for (DaemonProcess m : masters) {
      m.start();
    }
    for (int i = 0; i < MASTERS; i++) {
      masters.get(i).awaitPort(rpcPorts.get(i), START_TIMEOUT);
    }
    leader();
    for (DaemonProcess w : workers) {
      w.start();
    }
    awaitLiveWorkers(workers.size());
    return this;
  }

  /** Every master address, as clients are given them. */
  FerryConfiguration clientConf() {
    FerryConfiguration.Builder conf = FerryConfiguration.builder()
        .set(PropertyKey.MASTER_ADDRESSES, addresses)
        .set(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT, "60s");
    everyProcess.forEach((name, value) -> conf.set(name, value, "the test"));
    return conf.build();
  }

  FerryClient newClient() {
    return FerryClient.create(clientConf());
  }

  String addresses() {
    return addresses;
  }

  /** The index of the master that leads now (waiting for an election if needed). */
  int leader() throws IOException {
    try (FerryClient client = newClient()) {
      return indexOf(client.getClusterReport().masterAddress());
    }
  }

  ClusterStatus report() throws IOException {
    try (FerryClient client = newClient()) {
      return client.getClusterReport();
    }
  }

  int indexOf(String address) {
    return rpcPorts.indexOf(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
  }

  String address(int master) {
    return "localhost:" + rpcPorts.get(master);
  }

  void awaitLiveWorkers(int count) throws Exception {
    try (FerryClient client = newClient()) {
      FerryCluster.awaitLiveWorkers(client, count, logDir());
    }
  }

  void killMaster(int i) throws InterruptedException {
    masters.get(i).kill();
  }

  void startMaster(int i) throws Exception {
    masters.get(i).start();
    masters.get(i).awaitPort(rpcPorts.get(i), START_TIMEOUT);
  }

  /** SIGSTOP: the process stays, but answers nothing (a master cut off from the others). */
  void pauseMaster(int i) throws Exception {
    signal(i, "-STOP");
  }

  void resumeMaster(int i) throws Exception {
    signal(i, "-CONT");
  }

  Path masterLog(int i) {
    return masters.get(i).logFile();
  }

  private void signal(int i, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(masters.get(i).pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " of master " + i + " failed");
    }
  }

  @Override
  public void close() throws Exception {
    for (DaemonProcess w : workers) {
      w.stop();
    }
    for (int i = 0; i < MASTERS; i++) {
      if (masters.get(i).isAlive()) {
        resumeMaster(i); // a stopped process does not handle SIGTERM
      }
      masters.get(i).stop();
    }
  }
}
