package io.ferry.master;

import io.ferry.common.DaemonThreads;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.common.metrics.ProcessMetrics;
import io.ferry.common.metrics.RpcMetrics;
import io.ferry.common.security.TransportSecurity;
import io.ferry.common.web.WebServer;
import io.ferry.master.block.BlockLocations;
import io.ferry.master.ha.HaConfig;
import io.ferry.master.ha.LogMark;
import io.ferry.master.ha.RaftMasterNode;
import io.ferry.master.journal.Journal;
import io.ferry.master.journal.LocalJournal;
import io.ferry.master.load.LoadJobManager;
import io.ferry.master.load.LoadSettings;
import io.ferry.master.load.WorkerLoadClients;
import io.ferry.master.metastore.MetaStateMachine;
import io.ferry.master.metastore.MetaStore;
import io.ferry.master.mount.Mount;
import io.ferry.master.mount.MountCredentials;
import io.ferry.master.mount.MountTable;
import io.ferry.master.replication.ReplicationChecker;
import io.ferry.master.replication.ReplicationCommands;
import io.ferry.master.persist.PersistJobs;
import io.ferry.master.replication.ReplicationPusher;
import io.ferry.master.namespace.FileSystemMaster;
import io.ferry.master.namespace.LeaseRecovery;
import io.ferry.master.namespace.RequestIdExpiry;
import io.ferry.master.namespace.TtlChecker;
import io.ferry.master.namespace.NamespaceConfig;
import io.ferry.master.rpc.FileSystemMasterServiceImpl;
import io.ferry.master.rpc.LeaderOnly;
import io.ferry.master.rpc.WorkerMasterServiceImpl;
import io.ferry.master.security.MasterSecurity;
import io.ferry.master.web.MasterWebAddresses;
import io.ferry.master.web.MasterWebUi;
import io.ferry.master.web.ReadHistory;
import io.ferry.master.worker.WorkerRegistry;
import io.ferry.ufs.UnderFileSystems;
import io.ferry.ufs.metrics.UfsMetrics;
import io.grpc.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The master process: metastore, namespace, worker registry and the gRPC
 * server. {@code main} for the launcher; constructor + {@link #start} +
 * {@link #close} for in-process use.
 */
public final class FerryMaster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FerryMaster.class);
  /** The web UI's overview shows the reads of the last hour in samples of this length. */
  private static final Duration READ_SAMPLE_EVERY = Duration.ofSeconds(10);
  private static final int READ_SAMPLES = 360;

  private final FerryConfiguration conf;
  private TransportSecurity tls = TransportSecurity.plaintext();
  private MetaStore store;
  private MountTable mounts;
  private FileSystemMaster fs;
  private WorkerRegistry workers;
  private RaftMasterNode raft;
  private LoadJobManager loadJobs;
  private Server server;
  private RpcMetrics rpcMetrics;
  private Optional<WebServer> web = Optional.empty();
  private ReplicationPusher replicationPusher;
  private PersistJobs persistJobs;
  /** Worker liveness and replication checks. */
  private final ScheduledExecutorService checkers = Executors.newScheduledThreadPool(2, DaemonThreads.named("master-checker"));
  /** The calls that may block (all but FileSystemMasterServiceImpl.INLINE's): journal writes, UFS loads. */
  private final ExecutorService rpcThreads = Executors.newCachedThreadPool(DaemonThreads.named("master-rpc"));
  private boolean closed;

  public FerryMaster(FerryConfiguration conf) {
    this.conf = conf;
  }

  /** Opens the metastore, mounts the root on first start and starts serving; fails naming what is wrong. */
  public synchronized void start() throws IOException {
    long startTime = System.currentTimeMillis();
    try {
      boolean ha = HaConfig.enabled(conf);
      MasterSecurity security = MasterSecurity.from(conf);
      tls = TransportSecurity.of(conf);
      HaConfig haConfig = ha ? HaConfig.from(conf) : null;
      // Writes are made durable by a group fsync (one master) or by the Raft log first (HA).
      store = MetaStore.open(Paths.get(conf.getString(PropertyKey.MASTER_METASTORE_DIR)).toAbsolutePath(),
          conf.getInt(PropertyKey.MASTER_INODE_CACHE_SIZE));
      ProcessMetrics metrics = ProcessMetrics.of(conf);
      UfsMetrics ufsMetrics = metrics.instrument(UfsMetrics::counting, UfsMetrics::off);
      Mount.UfsOpener opener = (uri, options) -> ufsMetrics.meter(uri, UnderFileSystems.create(uri, options));
      MountCredentials credentials = MountCredentials.from(conf);
      credentials.checkStored(store.mounts());
      mounts = new MountTable(opener, credentials);
      mounts.load(store.mounts());
      MetaStateMachine stateMachine = new MetaStateMachine(store, mounts);
      MetaStore metaStore = store;
      MountTable mountTable = mounts;
      if (ha) {
        raft = new RaftMasterNode(haConfig, tls, store, stateMachine, () -> mountTable.reload(metaStore.mounts()));
      }
      Journal journal = ha ? raft.journal() : new LocalJournal(stateMachine, store);
      BlockLocations locations = new BlockLocations();
      Duration timeout = conf.getDuration(PropertyKey.MASTER_WORKER_TIMEOUT);
      workers = new WorkerRegistry(locations, System::currentTimeMillis, timeout,
          id -> metaStore.inode(id).map(i -> !i.getDirectory()).orElse(false));
      FileSystemMaster namespace = new FileSystemMaster(store, journal, mounts, opener, locations,
          workers, NamespaceConfig.from(conf), System::currentTimeMillis, security.permissions());
      fs = namespace;
      LeaseRecovery leases = new LeaseRecovery(store, namespace, conf.getDuration(PropertyKey.MASTER_FILE_LEASE_TIMEOUT),
          System::currentTimeMillis);
      LoadSettings loadSettings = LoadSettings.from(conf);
      LoadJobManager jobs = new LoadJobManager(store, journal, fs, security.permissions(), workers, locations,
          new WorkerLoadClients(conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT), tls, security.daemonCredentials(),
              loadSettings.batchTimeout()),
          loadSettings, System::currentTimeMillis);
      loadJobs = jobs;
      String rootUfs = rootUfsUri(conf.getString(PropertyKey.MASTER_ROOT_UFS));
      if (ha) {
        raft.start(() -> {
          namespace.becameLeader();
          leases.becameLeader();
          namespace.initRoot(rootUfs);
          namespace.encryptStoredCredentials();
          jobs.resumeUnfinished(); // a new leader takes over the jobs the old one ran
        });
      } else {
        fs.initRoot(rootUfs);
        fs.encryptStoredCredentials();
      }
      Duration checkEvery = conf.getDuration(PropertyKey.MASTER_REPLICATION_CHECK_INTERVAL);
      if (checkEvery.toMillis() <= 0) {
        throw new ConfigurationException("Configuration key '" + PropertyKey.MASTER_REPLICATION_CHECK_INTERVAL
            + "' is " + checkEvery + "; it must be positive");
      }
      // a copy not reported after three checks (and at least 30 s) is asked for again
      ReplicationCommands replications =
          new ReplicationCommands(Duration.ofMillis(Math.max(30_000, 3 * checkEvery.toMillis())));

      String host = conf.getString(PropertyKey.MASTER_HOSTNAME);
      String bindHost = conf.getString(PropertyKey.MASTER_BIND_HOST);
      int port = conf.getInt(PropertyKey.MASTER_RPC_PORT);
      // a master alone always leads: its calls need no confirmation, before or after they run
      LeaderOnly leaderOnly = ha ? new LeaderOnly(leadOf(raft), rpcThreads, FileSystemMasterServiceImpl.JOURNALING)
          : new LeaderOnly(LeaderOnly.ALONE, rpcThreads);
      RaftMasterNode quorum = raft;
      Duration slowRpc = conf.getDuration(PropertyKey.MASTER_SLOW_REQUEST_THRESHOLD);
      rpcMetrics = metrics.instrument(r -> RpcMetrics.counting(r, slowRpc), RpcMetrics::off);
      ClusterReporter reporter = new ClusterReporter(host + ":" + port, startTime, workers, locations, fs,
          ha ? quorum::masters : List::of);
      server = GrpcServers.start(bindHost, port, tls, rpcThreads, FileSystemMasterServiceImpl.INLINE,
          rpcMetrics,
          leaderOnly.wrap(
              security.wrap(new FileSystemMasterServiceImpl(fs, rpcThreads, workers, reporter, loadJobs,
                  security.capabilities()))),
          leaderOnly.wrap(security.wrapWorkers(new WorkerMasterServiceImpl(workers, fs, replications, leases))));
      replicationPusher = new ReplicationPusher(replications, workers,
          conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT), tls, security.daemonCredentials(),
          conf.getDuration(PropertyKey.USER_RPC_TIMEOUT));
      ReplicationChecker replicationChecker = new ReplicationChecker(locations, workers, metaStore::inode,
          replications, conf.getInt(PropertyKey.USER_FILE_REPLICATION_DURABLE));
      startLivenessChecker(timeout, replicationChecker);
      startReplicationChecker(replicationChecker, checkEvery);
      startLeaseRecovery(leases, conf.getDuration(PropertyKey.MASTER_FILE_LEASE_TIMEOUT), leaderOnly);
      scheduleOnLeader("Time-to-live check", new TtlChecker(store, namespace, System::currentTimeMillis)::expire,
          Math.max(100, conf.getDuration(PropertyKey.MASTER_TTL_CHECK_INTERVAL).toMillis()), leaderOnly);
      Duration requestRetention = conf.getDuration(PropertyKey.MASTER_REQUEST_ID_RETENTION);
      scheduleOnLeader("Request id expiry",
          new RequestIdExpiry(namespace, System::currentTimeMillis, requestRetention)::runOnce,
          Math.max(1000, Math.min(60_000, requestRetention.toMillis() / 10)), leaderOnly);
      persistJobs = new PersistJobs(store, namespace, locations, workers,
          conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT), tls, security.daemonCredentials(),
          conf.getDuration(PropertyKey.MASTER_PERSIST_INITIAL_WAIT),
          System::currentTimeMillis);
      scheduleOnLeader("Persist jobs", persistJobs::startDue,
          Math.max(100, conf.getDuration(PropertyKey.MASTER_PERSIST_CHECK_INTERVAL).toMillis()), leaderOnly);
      if (!ha) {
        loadJobs.resumeUnfinished();
      }
      MasterMetrics.registerNamespace(metrics.registry(), fs, mounts, workers, store);
      MasterMetrics.registerLoadJobs(metrics.registry(), loadJobs);
      MasterMetrics.registerReplication(metrics.registry(), replicationChecker, replications);
      if (ha) {
        MasterMetrics.registerRaft(metrics.registry(), raft);
      }
      ReadHistory reads = new ReadHistory(workers::liveWorkers, System::currentTimeMillis, READ_SAMPLES);
      checkers.scheduleWithFixedDelay(reads::sample, 0, READ_SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      web = WebServer.start(bindHost, conf.getInt(PropertyKey.MASTER_WEB_PORT), PropertyKey.MASTER_WEB_PORT.name(),
          tls, metrics, ha ? quorum::notReadyBecause : Optional::empty,
          MasterWebUi.handlers(reporter, reads, READ_SAMPLE_EVERY, fs, workers, loadJobs,
              ha ? quorum::otherLeader : Optional::empty, MasterWebAddresses.from(conf), security.authenticator()));
      LOG.info("Ferry master serving on {}:{} (authentication {}, {})", host, server.getPort(), security.type(),
          tls.enabled() ? "TLS" : "plaintext");
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Declares silent workers lost; a loss starts a replication check at once, not at the next interval. */
  private void startLivenessChecker(Duration timeout, ReplicationChecker replication) {
    long periodMs = Math.max(50, timeout.toMillis() / 4);
    checkers.scheduleWithFixedDelay(() -> {
      if (workers.expireSilentWorkers() > 0) {
        check(replication);
      }
    }, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /** The lead of an HA master: a read index, or, for a call that journals, its commit when it has one. */
  private static LeaderOnly.Check leadOf(RaftMasterNode raft) {
    return new LeaderOnly.Check() {
      @Override
      public CompletableFuture<Void> leading() {
        return raft.confirmLeading();
      }

      @Override
      public LeaderOnly.Deferred deferred() throws FerryException {
        LogMark mark = raft.markLog();
        return () -> raft.confirmLeadingSince(mark);
      }
    };
  }

  /** Recovers files whose writers are gone, checking a few times per lease timeout (at least every 30 s). */
  private void startLeaseRecovery(LeaseRecovery leases, Duration leaseTimeout, LeaderOnly leaderOnly) {
    long periodMs = Math.max(100, Math.min(30_000, leaseTimeout.toMillis() / 4));
    scheduleOnLeader("Lease recovery", leases::recoverExpired, periodMs, leaderOnly);
  }

  /**
   * Runs {@code task} every {@code periodMs} while this master leads: its mutations are journaled,
   * and followers' metastores follow the leader's.
   */
  private void scheduleOnLeader(String name, Runnable task, long periodMs, LeaderOnly leaderOnly) {
    checkers.scheduleWithFixedDelay(() -> {
      try {
        if (leaderOnly.leading()) {
          task.run();
        }
      } catch (RuntimeException e) {
        LOG.error("{} failed", name, e); // keep the schedule alive
      }
    }, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  private void startReplicationChecker(ReplicationChecker checker, Duration every) {
    checkers.scheduleWithFixedDelay(() -> check(checker), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A replication check, whose copies go to their workers at once. */
  private void check(ReplicationChecker checker) {
    try {
      checker.check();
      replicationPusher.push();
    } catch (RuntimeException e) {
      LOG.error("Replication check failed", e); // keep the schedules alive
    }
  }

  /**
   * The URI to mount at '/' on first start. A local directory (relative ones
   * are resolved against the working directory) is created if missing.
   */
  static String rootUfsUri(String configured) throws FerryException {
    String value = configured.trim();
    if (value.contains("://") && !value.startsWith("file://")) {
      return value;
    }
    Path dir = Paths.get(value.startsWith("file://") ? value.substring("file://".length()) : value)
        .toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new FerryException(ErrorCode.UFS_ERROR, "Cannot create the root under storage directory " + dir
          + " (" + PropertyKey.MASTER_ROOT_UFS + "): " + e, e);
    }
    return dir.toString();
  }

  /** The port the server listens on (useful with port 0). */
  public synchronized int port() {
    return server.getPort();
  }

  public synchronized FileSystemMaster fileSystem() {
    return fs;
  }

  public synchronized WorkerRegistry workers() {
    return workers;
  }

  public synchronized LoadJobManager loadJobs() {
    return loadJobs;
  }

  /** Blocks until the server terminates. */
  public void awaitTermination() throws InterruptedException {
    Server s;
    synchronized (this) {
      s = server;
    }
    s.awaitTermination();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    web.ifPresent(WebServer::close);
    if (server != null) {
      GrpcServers.stop(server);
    }
    if (rpcMetrics != null) {
      rpcMetrics.close();
    }
    rpcThreads.shutdown();
    // every thread that reads or writes the metastore stops before it closes (RocksDB crashes the JVM otherwise)
    if (loadJobs != null) {
      loadJobs.close();
    }
    checkers.shutdownNow();
    try {
      rpcThreads.awaitTermination(10, TimeUnit.SECONDS);
      checkers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (persistJobs != null) {
      persistJobs.close();
    }
    if (replicationPusher != null) {
      replicationPusher.close();
    }
    if (raft != null) {
      raft.close();
    }
    if (mounts != null) {
      mounts.close();
    }
    if (store != null) {
      store.close();
    }
    tls.close();
    LOG.info("Ferry master stopped");
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    if (args.length > 0) {
      System.err.println("ferry master: unexpected arguments " + String.join(" ", args)
          + " (settings are -Dferry.* flags or conf/ferry-site.properties)");
      System.exit(2);
    }
    FerryMaster master;
    try {
      master = new FerryMaster(FerryConfiguration.load());
      master.start();
    } catch (IOException | RuntimeException e) { // ConfigurationException is a RuntimeException
      System.err.println("ferry master: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(master::close, "master-shutdown"));
    try {
      master.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
