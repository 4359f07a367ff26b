package io.ferry.client;

import java.util.List;

/**
 * Where a worker listens.
 *
 * @param tierDirs the worker's tier directories, fastest first: a client on
 *     the same host reads cached blocks there directly (short-circuit)
 */
public record WorkerEndpoint(long workerId, String host, int rpcPort, List<String> tierDirs) {
  public WorkerEndpoint {
    tierDirs = List.copyOf(tierDirs);
  }

  /** host:port, as errors and logs name a worker. */
  public String hostPort() {
    return host + ":" + rpcPort;
  }
}
