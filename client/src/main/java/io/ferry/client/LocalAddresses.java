package io.ferry.client;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells whether a worker's host name is this machine (a loopback address, one
 * of its interface addresses, or its own host name), which allows
 * short-circuit reads. Answers are cached per host name.
 */
public final class LocalAddresses {
  private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

  public boolean isLocal(String host) {
    return cache.computeIfAbsent(host, LocalAddresses::resolveIsLocal);
  }

  private static boolean resolveIsLocal(String host) {
    try {
      if (host.equalsIgnoreCase(InetAddress.getLocalHost().getHostName())) {
        return true;
      }
    } catch (UnknownHostException e) {
      // this machine's name does not resolve: compare addresses only
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()
            || NetworkInterface.getByInetAddress(address) != null) {
          return true;
        }
      }
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
    return false;
  }
}
