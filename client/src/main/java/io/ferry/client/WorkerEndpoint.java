package io.ferry.client;

import java.util.List;

/**
 * Where a worker listens.
 *
 * @param dataPort the port of its block transport, 0 if it has none (reads then stream over gRPC)
 * @param tierDirs the worker's tier directories, fastest first: a client on
 *     the same host reads cached blocks there directly (short-circuit)
 */
public record WorkerEndpoint(long workerId, String host, int rpcPort, int dataPort, List<String> tierDirs) {
  public WorkerEndpoint {
    tierDirs = List.copyOf(tierDirs);
  }

  /** host:port, as errors and logs name a worker. */
  public String hostPort() {
    return host + ":" + rpcPort;
  }
}
