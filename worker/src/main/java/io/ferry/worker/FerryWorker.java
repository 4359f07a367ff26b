package io.ferry.worker;

import io.ferry.common.DaemonThreads;
import io.ferry.common.WriteTypeNames;
import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;
import io.ferry.common.grpc.GrpcServers;
import io.ferry.common.grpc.MasterAddresses;
import io.ferry.common.metrics.ProcessMetrics;
import io.ferry.common.metrics.RpcMetrics;
import io.ferry.common.security.DaemonCredentials;
import io.ferry.common.security.RpcLimits;
import io.ferry.common.security.TransportSecurity;
import io.ferry.common.web.WebServer;
import io.ferry.ufs.metrics.UfsMetrics;
import io.ferry.proto.WriteType;
import io.ferry.s3.S3Gateway;
import io.ferry.worker.block.BlockStore;
import io.ferry.worker.block.TierSpec;
import io.ferry.worker.eviction.EvictionPolicy;
import io.ferry.worker.fetch.BlockFetcher;
import io.ferry.worker.fetch.BlockLoader;
import io.ferry.worker.fetch.BlockReads;
import io.ferry.worker.fetch.PagedBlocks;
import io.ferry.worker.fetch.MountUfsCache;
import io.ferry.worker.grpc.BlockWorkerService;
import io.ferry.worker.master.MasterClient;
import io.ferry.worker.master.MasterSync;
import io.ferry.worker.replication.BlockReplicator;
import io.ferry.worker.replication.FilePersister;
import io.ferry.worker.replication.ReplicationService;
import io.ferry.worker.security.CapabilityGuard;
import io.ferry.worker.security.MasterOnlyCalls;
import io.ferry.worker.transport.BlockTransportServer;
import io.grpc.BindableService;
import io.grpc.Server;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The worker process: a block cache served over gRPC, registered with the
 * master. {@code main} runs it from the configuration (site file, FERRY_*
 * variables, -Dferry.* flags); tests construct, {@link #start} and
 * {@link #close} it in-process.
 */
public final class FerryWorker implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FerryWorker.class);
  /** Block copies made at once for the replication checker. */
  private static final int REPLICATION_CONCURRENCY = 4;

  private final FerryConfiguration conf;
  private final WriteType defaultWriteType;
  private final EvictionPolicy evictionPolicy;
  private final WorkerCounters counters = new WorkerCounters();
  private final FilesBeingWritten writing = new FilesBeingWritten();
  private BlockStore store;
  private MasterClient master;
  private MountUfsCache ufs;
  private BlockFetcher fetcher;
  private PagedBlocks pages;
  private BlockLoader loader;
  private Server server;
  /** Null when turned off. */
  private BlockTransportServer dataServer;
  private Optional<WebServer> web = Optional.empty();
  private Optional<S3Gateway> s3 = Optional.empty();
  private RpcMetrics rpcMetrics;
  private BlockReplicator replicator;
  private TransportSecurity tls = TransportSecurity.plaintext();
  /** The calls and block streams that may wait: UFS fetches, disk tiers, writes, loads. */
  private final ExecutorService rpcThreads = Executors.newCachedThreadPool(DaemonThreads.named("worker-rpc"));
  private volatile MasterSync masterSync;

  /** Checks the configuration; nothing starts yet. */
  public FerryWorker(FerryConfiguration conf) {
    this.conf = conf;
    requirePositive(conf.getBytes(PropertyKey.WORKER_MEM_CAPACITY), PropertyKey.WORKER_MEM_CAPACITY);
    requirePositive(conf.getBytes(PropertyKey.WORKER_SSD_CAPACITY), PropertyKey.WORKER_SSD_CAPACITY);
    requirePositive(conf.getInt(PropertyKey.WORKER_PROMOTION_READS), PropertyKey.WORKER_PROMOTION_READS);
    requirePositive(conf.getBytes(PropertyKey.WORKER_PAGE_SIZE), PropertyKey.WORKER_PAGE_SIZE);
    requirePositive(conf.getInt(PropertyKey.WORKER_UFS_FETCH_CONCURRENCY), PropertyKey.WORKER_UFS_FETCH_CONCURRENCY);
    int loadSlots = conf.getInt(PropertyKey.WORKER_LOAD_FETCH_SLOTS);
    if (loadSlots <= 0 || loadSlots >= conf.getInt(PropertyKey.WORKER_UFS_FETCH_CONCURRENCY)) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.WORKER_LOAD_FETCH_SLOTS + "' is "
          + loadSlots + "; it must be at least 1 and below '" + PropertyKey.WORKER_UFS_FETCH_CONCURRENCY + "' ("
          + conf.getInt(PropertyKey.WORKER_UFS_FETCH_CONCURRENCY) + "), so readers' misses keep fetch slots");
    }
    requirePositive(conf.getDuration(PropertyKey.WORKER_HEARTBEAT_INTERVAL).toMillis(),
        PropertyKey.WORKER_HEARTBEAT_INTERVAL);
    long chunk = conf.getBytes(PropertyKey.WORKER_CHUNK_SIZE);
    long maxChunk = RpcLimits.of(conf).maxMessageBytes() / 2; // room for framing within a message
    if (chunk <= 0 || chunk > maxChunk) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.WORKER_CHUNK_SIZE + "' is " + chunk
          + "; it must be between 1 and " + maxChunk + " bytes (half of "
          + PropertyKey.SECURITY_RPC_MAX_MESSAGE_SIZE + ")");
    }
    int port = conf.getInt(PropertyKey.WORKER_RPC_PORT);
    if (port < 0 || port > 65535) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.WORKER_RPC_PORT + "' is " + port
          + "; it must be a port number (0 picks a free one)");
    }
    int dataPort = conf.getInt(PropertyKey.WORKER_DATA_PORT);
    if (dataPort < -1 || dataPort > 65535) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.WORKER_DATA_PORT + "' is " + dataPort
          + "; it must be a port number (0 picks a free one) or -1 (off)");
    }
    int maxConnections = conf.getInt(PropertyKey.WORKER_DATA_MAX_CONNECTIONS);
    if (maxConnections < 1) {
      throw new ConfigurationException("Configuration key '" + PropertyKey.WORKER_DATA_MAX_CONNECTIONS + "' is "
          + maxConnections + "; it must be at least 1");
    }
    this.defaultWriteType = parseWriteType(conf.getString(PropertyKey.USER_WRITE_TYPE));
    this.evictionPolicy = EvictionPolicy.parse(conf.getString(PropertyKey.WORKER_EVICTION_POLICY));
  }

  /** Opens the block store, starts serving and starts registering with the master. */
  public synchronized void start() throws IOException {
    try {
      tls = TransportSecurity.of(conf);
      store = openStore();
      master = new MasterClient(MasterAddresses.of(conf), conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT),
          conf.getDuration(PropertyKey.USER_RPC_TIMEOUT), conf.getDuration(PropertyKey.USER_MASTER_FAILOVER_TIMEOUT),
          tls, DaemonCredentials.from(conf));
      ProcessMetrics metrics = ProcessMetrics.of(conf);
      ufs = new MountUfsCache(master, metrics.instrument(UfsMetrics::counting, UfsMetrics::off));
      fetcher = new BlockFetcher(store, ufs, conf.getInt(PropertyKey.WORKER_UFS_FETCH_CONCURRENCY), counters);
      loader = new BlockLoader(store, fetcher, conf.getInt(PropertyKey.WORKER_LOAD_FETCH_SLOTS));
      pages = openPages();
      BlockReads reads = new BlockReads(store, fetcher, pages, counters);
      CapabilityGuard guard = CapabilityGuard.from(conf);
      BlockWorkerService service = new BlockWorkerService(reads, store, ufs,
          (int) conf.getBytes(PropertyKey.WORKER_CHUNK_SIZE), defaultWriteType, counters, loader, rpcThreads,
          writing, guard, this::reportBlocksNow);
      replicator = new BlockReplicator(store, counters, REPLICATION_CONCURRENCY,
          conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT), tls, conf.getDuration(PropertyKey.USER_RPC_TIMEOUT),
          guard, this::reportBlocksNow);
      String bindHost = conf.getString(PropertyKey.WORKER_BIND_HOST);
      Duration slowRpc = conf.getDuration(PropertyKey.WORKER_SLOW_REQUEST_THRESHOLD);
      rpcMetrics = metrics.instrument(r -> RpcMetrics.counting(r, slowRpc), RpcMetrics::off);
      UnaryOperator<BindableService> fromMaster = MasterOnlyCalls.from(conf);
      server = GrpcServers.start(bindHost, conf.getInt(PropertyKey.WORKER_RPC_PORT), tls, rpcThreads,
          BlockWorkerService.INLINE, rpcMetrics, fromMaster.apply(service.withAliasedWrites()),
          fromMaster.apply(new ReplicationService(replicator, new FilePersister(store, ufs))));
      int dataPort = conf.getInt(PropertyKey.WORKER_DATA_PORT);
      // The block transport sends files with sendfile, which TLS cannot encrypt: with TLS on,
      // clients stream blocks over the worker's gRPC port instead.
      if (dataPort >= 0 && !tls.enabled()) {
        dataServer = BlockTransportServer.start(bindHost, dataPort,
            conf.getInt(PropertyKey.WORKER_DATA_MAX_CONNECTIONS), reads, counters, guard);
      }
      String host = AdvertisedHost.of(conf);
      LOG.info("Ferry worker serving on {}:{} ({}, block transport: {}, block capabilities: {})", host,
          server.getPort(), tls.enabled() ? "TLS" : "plaintext",
          dataServer == null ? "off" : "port " + dataServer.port(), guard.on() ? "required" : "off");
      masterSync = new MasterSync(master, store, pages, counters, writing, host, server.getPort(),
          dataServer == null ? 0 : dataServer.port(), !guard.on(),
          conf.getDuration(PropertyKey.WORKER_HEARTBEAT_INTERVAL), replicator::replicate);
      masterSync.start();
      WorkerMetrics.register(metrics.registry(), counters, store);
      web = WebServer.start(bindHost, conf.getInt(PropertyKey.WORKER_WEB_PORT), PropertyKey.WORKER_WEB_PORT.name(),
          tls, metrics, () -> workerId() < 0 ? Optional.of("not registered with the master yet") : Optional.empty());
      s3 = S3Gateway.start(conf, bindHost, conf.getInt(PropertyKey.WORKER_S3_PORT), PropertyKey.WORKER_S3_PORT.name(),
          tls);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Heartbeats now so the master learns of new blocks without waiting: copies it asked for (it counts the
   * replicas), and cache-only blocks a write committed (it acknowledges their file's completion then).
   */
  private void reportBlocksNow() {
    MasterSync sync = masterSync;
    if (sync != null) {
      sync.heartbeatNow();
    }
  }

  /** The port the worker serves on (useful when configured as 0). */
  public synchronized int port() {
    return server.getPort();
  }

  /** The id the master gave this worker, or -1 while it is not registered. */
  public long workerId() {
    return masterSync == null ? -1 : masterSync.workerId();
  }

  public BlockStore blockStore() {
    return store;
  }

  public WorkerCounters counters() {
    return counters;
  }

  /** Stops serving and heartbeating and deletes the MEM blocks (they do not survive a restart anyway); SSD keeps its blocks. */
  @Override
  public synchronized void close() {
    s3.ifPresent(S3Gateway::close);
    web.ifPresent(WebServer::close);
    if (masterSync != null) {
      masterSync.close();
    }
    if (replicator != null) {
      replicator.close();
    }
    if (server != null) {
      GrpcServers.stop(server);
    }
    if (dataServer != null) {
      dataServer.close();
    }
    if (rpcMetrics != null) {
      rpcMetrics.close();
    }
    rpcThreads.shutdown();
    if (loader != null) {
      loader.close();
    }
    if (fetcher != null) {
      fetcher.close();
    }
    if (pages != null) {
      pages.close();
    }
    if (ufs != null) {
      ufs.close();
    }
    if (master != null) {
      master.close();
    }
    if (store != null) {
      store.close();
    }
    tls.close();
  }

  private void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** MEM, then SSD if a directory is configured for it. */
  private BlockStore openStore() throws FerryException {
    List<TierSpec> tiers = new ArrayList<>();
    tiers.add(new TierSpec("MEM", Paths.get(conf.getString(PropertyKey.WORKER_MEM_DIR)),
        conf.getBytes(PropertyKey.WORKER_MEM_CAPACITY), false));
    String ssdDir = conf.getString(PropertyKey.WORKER_SSD_DIR).trim();
    if (!ssdDir.isEmpty()) {
      tiers.add(new TierSpec("SSD", Paths.get(ssdDir), conf.getBytes(PropertyKey.WORKER_SSD_CAPACITY), true));
    }
    try {
      return new BlockStore(tiers, evictionPolicy, conf.getInt(PropertyKey.WORKER_PROMOTION_READS));
    } catch (IOException e) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "Cannot use the tier directories " + tiers.stream()
          .map(t -> t.dir() + " (" + t.alias() + ")").toList() + " (" + PropertyKey.WORKER_MEM_DIR + ", "
          + PropertyKey.WORKER_SSD_DIR + "): " + e, e);
    }
  }

  /**
   * The partially cached blocks, in the MEM tier's directory ({@code pages/},
   * where short-circuit clients never look), beside the tier: up to a quarter
   * of its capacity.
   */
  private PagedBlocks openPages() throws IOException {
    int pageSize = (int) Math.min(Integer.MAX_VALUE, conf.getBytes(PropertyKey.WORKER_PAGE_SIZE));
    return new PagedBlocks(Paths.get(conf.getString(PropertyKey.WORKER_MEM_DIR)).resolve("pages"), pageSize,
        conf.getBytes(PropertyKey.WORKER_MEM_CAPACITY) / 4, store, ufs, counters);
  }

  private static WriteType parseWriteType(String name) {
    return WriteTypeNames.parse(name).orElseThrow(() -> new ConfigurationException("Configuration key '"
        + PropertyKey.USER_WRITE_TYPE + "' is '" + name + "'; expected " + WriteTypeNames.EXPECTED));
  }

  private static void requirePositive(long value, PropertyKey key) {
    if (value <= 0) {
      throw new ConfigurationException("Configuration key '" + key + "' is " + value + "; it must be positive");
    }
  }

  public static void main(String[] args) {
    SLF4JBridgeHandler.removeHandlersForRootLogger(); // gRPC logs through java.util.logging
    SLF4JBridgeHandler.install();
    FerryWorker worker;
    try {
      worker = new FerryWorker(FerryConfiguration.load());
      worker.start();
    } catch (ConfigurationException | IOException e) {
      System.err.println("ferry worker: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Ferry worker shutting down");
      worker.close();
    }, "ferry-worker-shutdown"));
    try {
      worker.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
