package io.ferry.it;

import io.ferry.client.FerryClient;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Ferry cluster of real processes on loopback: one master and N workers,
 * each in its own JVM, with their state under one directory. Tests kill and
 * restart its processes.
 */
public final class FerryCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** Ports {@link #freePort} handed out. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private final Path baseDir;
  private final Map<String, String> masterProperties;
  private final Map<String, String> workerProperties;
  private final Map<PropertyKey, Object> clientProperties;
  private final boolean ssdTier;
  private final int masterPort;
  private final int masterWebPort;
  private final boolean fromBuiltModules;
  private final DaemonProcess master;
  private final List<DaemonProcess> workers = new ArrayList<>();
  private final List<Integer> workerPorts = new ArrayList<>();
  private final List<Integer> workerWebPorts = new ArrayList<>();

  private FerryCluster(Builder b) throws IOException {
    this.baseDir = b.baseDir;
    this.fromBuiltModules = b.fromBuiltModules;
    this.masterPort = freePort();
    this.masterWebPort = freePort();
    this.masterProperties = new LinkedHashMap<>();
    masterProperties.put(PropertyKey.MASTER_HOSTNAME.name(), "localhost");
    masterProperties.put(PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(masterPort));
    masterProperties.put(PropertyKey.MASTER_WEB_PORT.name(), String.valueOf(masterWebPort));
    masterProperties.put(PropertyKey.MASTER_METASTORE_DIR.name(), masterStateDir().toString());
    masterProperties.put(PropertyKey.MASTER_ROOT_UFS.name(), rootUfs().toString());
    masterProperties.put(PropertyKey.MASTER_WORKER_TIMEOUT.name(), "5s");
    masterProperties.put("audit.log.file", auditLog().toString()); // conf/logback.xml's audit log
    // as `ferry local start`: mounts with credentials work; the master makes the key, outside its state dir
    masterProperties.put(PropertyKey.SECURITY_SECRET_KEY_FILE.name(), baseDir.resolve("secret.key").toString());
    // read with authentication on only: the master creates it, the workers check capabilities with it
    masterProperties.put(PropertyKey.SECURITY_BLOCK_KEY_FILE.name(), blockKeyFile().toString());
    masterProperties.putAll(b.masterProperties);
    this.clientProperties = Map.copyOf(b.clientProperties);
    this.ssdTier = b.ssdTier;
    this.workerProperties = new LinkedHashMap<>();
    workerProperties.put(PropertyKey.MASTER_HOSTNAME.name(), "localhost");
    workerProperties.put(PropertyKey.MASTER_RPC_PORT.name(), String.valueOf(masterPort));
    workerProperties.put(PropertyKey.WORKER_HOSTNAME.name(), "localhost");
    workerProperties.put(PropertyKey.WORKER_HEARTBEAT_INTERVAL.name(), "200ms");
    workerProperties.put(PropertyKey.SECURITY_BLOCK_KEY_FILE.name(), blockKeyFile().toString());
    workerProperties.putAll(b.workerProperties);
    this.master = new DaemonProcess("master", classpath("master"), "io.ferry.master.FerryMaster", masterProperties,
        logDir());
    for (int i = 0; i < b.workers; i++) {
      workers.add(newWorker(i));
    }
  }

  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  private DaemonProcess newWorker(int i) throws IOException {
    int port = freePort();
    int webPort = freePort();
    workerPorts.add(port);
    workerWebPorts.add(webPort);
    Map<String, String> props = new LinkedHashMap<>(workerProperties);
    props.put(PropertyKey.WORKER_RPC_PORT.name(), String.valueOf(port));
    props.put(PropertyKey.WORKER_WEB_PORT.name(), String.valueOf(webPort));
    props.putIfAbsent(PropertyKey.WORKER_S3_PORT.name(), "0");
    props.putIfAbsent(PropertyKey.WORKER_MEM_DIR.name(), baseDir.resolve("worker-" + i + "-mem").toString());
    if (ssdTier) {
      props.put(PropertyKey.WORKER_SSD_DIR.name(), baseDir.resolve("worker-" + i + "-ssd").toString());
    }
    return new DaemonProcess("worker-" + i, classpath("worker"), "io.ferry.worker.FerryWorker", props, logDir());
  }

  private String classpath(String module) {
    return fromBuiltModules ? DaemonProcess.moduleClasspath(module) : System.getProperty("java.class.path");
  }

  /** Logs outlive the test's temporary directory, for a look after a failure (target/it-logs). */
  public Path logDir() {
    return Path.of("target", "it-logs", baseDir.getParent().getFileName() + "-" + baseDir.getFileName())
        .toAbsolutePath();
  }

  /** Starts the master, then the workers, and waits until every worker is registered. */
  public FerryCluster start() throws Exception {
    Files.createDirectories(rootUfs());
    master.start();
    master.awaitPort(masterPort, START_TIMEOUT);
    for (DaemonProcess w : workers) {
      w.start();
    }
    awaitLiveWorkers(workers.size());
    return this;
  }

  /** Waits until the master has {@code count} live workers (e.g. registered again after its restart). */
  public void awaitLiveWorkers(int count) throws Exception {
    try (FerryClient client = newClient()) {
      awaitLiveWorkers(client, count, logDir());
    }
  }

  /** Waits until the master {@code client} talks to has {@code count} live workers. */
  static void awaitLiveWorkers(FerryClient client, int count, Path logDir) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (client.getWorkers().size() != count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("expected " + count + " live workers, master has "
            + client.getWorkers().size() + "; logs in " + logDir);
      }
      Thread.sleep(100);
    }
  }

  /** The master's state: its metastore (RocksDB, with its write-ahead log: the journal of one master). */
  public Path masterStateDir() {
    return baseDir.resolve("master");
  }

  /** The local directory mounted at '/'. */
  public Path rootUfs() {
    return baseDir.resolve("underfs");
  }

  /** The master's settings (-D flags), for a test that starts one of its own. */
  public Map<String, String> masterProperties() {
    return Map.copyOf(masterProperties);
  }

  /** The key block capabilities are signed with, which the master creates with authentication on. */
  public Path blockKeyFile() {
    return baseDir.resolve("block.key");
  }

  /** The master's audit log. */
  public Path auditLog() {
    return logDir().resolve("master-audit.log");
  }

  public FerryConfiguration clientConf() {
    FerryConfiguration.Builder conf = FerryConfiguration.builder()
        .set(PropertyKey.MASTER_HOSTNAME, "localhost")
        .set(PropertyKey.MASTER_RPC_PORT, masterPort);
    clientProperties.forEach(conf::set);
    return conf.build();
  }

  public FerryClient newClient() throws IOException {
    return FerryClient.create(clientConf());
  }

  /** Command-line arguments that point the CLI at this cluster. */
  public int masterPort() {
    return masterPort;
  }

  public void killMaster() throws InterruptedException {
    master.kill();
  }

  public void startMaster() throws Exception {
    master.start();
    master.awaitPort(masterPort, START_TIMEOUT);
  }

  public void killWorker(int i) throws InterruptedException {
    workers.get(i).kill();
  }

  /** Starts a worker again (after a kill) and waits until it serves. */
  void restartWorker(int i) throws Exception {
    workers.get(i).start();
    workers.get(i).awaitPort(workerPorts.get(i), START_TIMEOUT);
  }

  /** The process id of a running worker. */
  long workerPid(int i) {
    return workers.get(i).pid();
  }

  /** The names of the daemons that are not running (killed, or died), in start order. */
  List<String> deadProcesses() {
    List<String> dead = new ArrayList<>();
    if (!master.isAlive()) {
      dead.add("master");
    }
    for (int i = 0; i < workers.size(); i++) {
      if (!workers.get(i).isAlive()) {
        dead.add("worker-" + i);
      }
    }
    return dead;
  }

  public int workerPort(int i) {
    return workerPorts.get(i);
  }

  /** The port of the master's /metrics, /healthz and /readyz. */
  public int masterWebPort() {
    return masterWebPort;
  }

  public int workerWebPort(int i) {
    return workerWebPorts.get(i);
  }

  int workerCount() {
    return workers.size();
  }

  @Override
  public void close() throws InterruptedException {
    for (DaemonProcess w : workers) {
      w.stop();
    }
    master.stop();
  }

  /**
   * A port free now, and not handed out before by this JVM: the kernel may give
   * a just-closed ephemeral port again at once, and two daemons of one cluster
   * must not get the same one.
   */
  public static int freePort() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (HANDED_OUT.add(s.getLocalPort()) || attempt == 100) {
          return s.getLocalPort();
        }
      }
    }
  }

  public static final class Builder {
    private final Path baseDir;
    private int workers = 1;
    private boolean ssdTier;
    private boolean fromBuiltModules;
    private final Map<String, String> masterProperties = new LinkedHashMap<>();
    private final Map<String, String> workerProperties = new LinkedHashMap<>();
    private final Map<PropertyKey, Object> clientProperties = new LinkedHashMap<>();

    private Builder(Path baseDir) {
      this.baseDir = baseDir;
    }

    /** The directory the cluster keeps its files in (room for a test's own, such as key files). */
    public Path baseDir() {
      return baseDir;
    }

    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /** Gives each worker an SSD tier (its own directory) below MEM. */
    public Builder ssdTier() {
      this.ssdTier = true;
      return this;
    }

    /**
     * Runs the daemons from their modules' target/classes and target/lib, as
     * bin/ferry does, instead of the test's class path: for tests whose class
     * path is an application's (Spark with the shaded client jar).
     */
    public Builder fromBuiltModules() {
      this.fromBuiltModules = true;
      return this;
    }

    public Builder masterProperty(PropertyKey key, Object value) {
      masterProperties.put(key.name(), String.valueOf(value));
      return this;
    }

    public Builder workerProperty(PropertyKey key, Object value) {
      workerProperties.put(key.name(), String.valueOf(value));
      return this;
    }

    /** A setting of {@link #clientConf()}, the clients the cluster itself uses included. */
    public Builder clientProperty(PropertyKey key, Object value) {
      clientProperties.put(key, value);
      return this;
    }

    public FerryCluster start() throws Exception {
      return new FerryCluster(this).start();
    }
  }
}
