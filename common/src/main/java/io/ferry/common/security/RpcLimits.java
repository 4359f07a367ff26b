package io.ferry.common.security;

import io.ferry.common.conf.ConfigurationException;
import io.ferry.common.conf.FerryConfiguration;
import io.ferry.common.conf.PropertyKey;

/**
 * What one gRPC connection may make a process hold (ferry.security.rpc.*):
 * the largest message and header list it reads, and how many calls may be in
 * flight on it. Servers and clients use the same values, so neither accepts
 * what the other could never send.
 */
public record RpcLimits(int maxMessageBytes, int maxHeaderListBytes, int maxConcurrentCalls) {
  /** The keys' defaults. */
  public static final RpcLimits DEFAULTS = of(FerryConfiguration.builder().build());

  public static RpcLimits of(FerryConfiguration conf) {
    return new RpcLimits(bounded(PropertyKey.SECURITY_RPC_MAX_MESSAGE_SIZE,
        conf.getBytes(PropertyKey.SECURITY_RPC_MAX_MESSAGE_SIZE)),
        bounded(PropertyKey.SECURITY_RPC_MAX_HEADER_LIST_SIZE,
            conf.getBytes(PropertyKey.SECURITY_RPC_MAX_HEADER_LIST_SIZE)),
        bounded(PropertyKey.SECURITY_RPC_MAX_CONCURRENT_CALLS,
            conf.getInt(PropertyKey.SECURITY_RPC_MAX_CONCURRENT_CALLS)));
  }

  private static int bounded(PropertyKey key, long value) {
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new ConfigurationException("Configuration key '" + key + "' is " + value + ": it must be between 1 and "
          + Integer.MAX_VALUE);
    }
    return (int) value;
  }
}
