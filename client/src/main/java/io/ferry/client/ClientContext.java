package io.ferry.client;

import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;
import io.ferry.common.security.TransportSecurity;
import java.time.Duration;

/** What the streams of one {@link FerryClient} share: connections, caches and settings. */
final class ClientContext implements AutoCloseable {
  final FerryConfiguration conf;
  private final TransportSecurity tls;
  final MasterClient master;
  final WorkerClients workers;
  /** Connections to the workers' block transports; used when {@link #dataTransport} (never with TLS: it is plaintext). */
  final BlockConnections blockConnections;
  final boolean dataTransport;
  final AccessReporter accessReporter;
  final LiveWorkers liveWorkers;
  final LocalAddresses localAddresses;
  final boolean shortCircuit;
  final Duration rpcTimeout;
  final Duration readStallTimeout;
  final ReadCounters readCounters;

  ClientContext(FerryConfiguration conf, LocalAddresses localAddresses) {
    this.conf = conf;
    this.tls = TransportSecurity.of(conf);
    this.master = new MasterClient(conf, tls);
    this.workers = new WorkerClients(conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT), tls);
    this.accessReporter = new AccessReporter(workers);
    this.liveWorkers = new LiveWorkers(master, conf.getDuration(PropertyKey.USER_WORKER_LIST_REFRESH));
    this.localAddresses = localAddresses;
    this.shortCircuit = conf.getBoolean(PropertyKey.USER_SHORT_CIRCUIT_ENABLED);
    this.rpcTimeout = conf.getDuration(PropertyKey.USER_RPC_TIMEOUT);
    this.readStallTimeout = conf.getDuration(PropertyKey.USER_READ_STALL_TIMEOUT);
    this.dataTransport = conf.getBoolean(PropertyKey.USER_DATA_TRANSPORT_ENABLED) && !tls.enabled();
    this.readCounters = conf.getBoolean(PropertyKey.METRICS_ENABLED) ? ReadCounters.counting() : ReadCounters.off();
    this.blockConnections = new BlockConnections(conf.getDuration(PropertyKey.USER_CONNECT_TIMEOUT), readStallTimeout);
  }

  @Override
  public void close() {
    accessReporter.close();
    workers.close();
    blockConnections.close();
    master.close();
    tls.close();
  }
}
