package io.ferry.common.grpc;

import io.ferry.common.error.ErrorCode;
import io.ferry.common.error.FerryException;

/**
 * Checks a worker's address as a request states it, before anything connects
 * to it or hands it on: a host name and ports a channel can be opened to.
 */
public final class WorkerAddresses {
  /** RFC 1035: the longest host name. */
  private static final int MAX_HOST_CHARS = 253;

  private WorkerAddresses() {}

  /** {@code dataPort} 0 means the worker has no block transport. */
  public static void check(String host, int rpcPort, int dataPort) throws FerryException {
    if (host.isEmpty() || host.length() > MAX_HOST_CHARS || !host.chars().allMatch(WorkerAddresses::hostChar)) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "Invalid worker host name '"
          + (host.length() > 80 ? host.substring(0, 80) + "…" : host) + "'");
    }
    if (rpcPort < 1 || rpcPort > 65535 || dataPort < 0 || dataPort > 65535) {
      throw new FerryException(ErrorCode.INVALID_ARGUMENT, "Invalid ports of worker " + host + ": RPC port "
          + rpcPort + ", data port " + dataPort);
    }
  }

  /** Letters, digits, '-', '.', '_', and what IPv6 literals add. */
  private static boolean hostChar(int c) {
    return c < 128 && (Character.isLetterOrDigit(c) || "-._:[]%".indexOf(c) >= 0);
  }
}
